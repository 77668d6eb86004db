// Samples the latency of GET requests from a process of its own, as a load balancer's probe or a user's browser
// would: the test process that drives a load is busy itself (it builds files, sends thirty uploads and reads the
// services' logs), and its own pauses would be counted as the service's. Started by `startLatencySampler`
// (latency-sampler.ts) with fork(); it calls each target one request after the other until it is sent "stop",
// then answers with every sample.
const SAMPLE_TIMEOUT_MS = 10_000;

const targets = JSON.parse(process.argv[2]);
let running = true;

/** One request's time and status (0: no answer within SAMPLE_TIMEOUT_MS, or the connection failed). */
async function once({ url, token }) {
  const began = performance.now();
  let status;
  try {
    const res = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(SAMPLE_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    status = res.status;
  } catch {
    status = 0;
  }
  return { at: Date.now(), ms: performance.now() - began, status };
}

async function sample(target) {
  const samples = [];
  while (running) {
    samples.push(await once(target));
    await new Promise((resolve) => setTimeout(resolve, target.pauseMs));
  }
  return samples;
}

const results = Promise.all(targets.map(sample));
process.on('message', async (message) => {
  if (message !== 'stop') return;
  running = false;
  process.send(await results, () => process.exit(0));
});
process.send('started');
