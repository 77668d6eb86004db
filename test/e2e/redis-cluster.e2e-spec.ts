// SPEC §2 and docs/SCALING.md: API and worker processes share one Redis, which may be a Redis Cluster. Bull needs
// every key of a queue in one hash slot: the hash-tagged QUEUE_PREFIX keeps them there.
import { randomBytes } from 'node:crypto';
import { createTestEnvironment, dropTestEnvironment, TestEnvironment } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { setUpTenant } from '../support/fixtures';
import { HttpClient } from '../support/http';
import { ServiceProcess, startServiceProcess } from '../support/processes';
import { cli, nodeServing, RedisCluster, startRedisCluster } from '../support/redis-cluster';
import { upload, waitForSync } from '../support/syncs';

describe('on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let env: TestEnvironment;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let http: HttpClient;
  const prefix = `{ucs-cluster-${randomBytes(4).toString('hex')}}`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    // One seed node is enough: the client learns the others, and where each slot lives, from it. The seed is
    // a node that does not serve the queue's slot, so that a client that took it for a single server fails.
    const owner = await nodeServing(cluster, prefix);
    const seed = cluster.ports.find((port) => port !== owner);
    env = await createTestEnvironment({
      REDIS_CLUSTER: 'true',
      REDIS_URL: `redis://127.0.0.1:${seed}`,
      QUEUE_PREFIX: prefix,
    });
    [api, worker] = await Promise.all([
      startServiceProcess({ ...env.env, WORKER_MODE: 'api' }),
      startServiceProcess({ ...env.env, WORKER_MODE: 'worker' }),
    ]);
    http = api.http!;
  });

  afterAll(async () => {
    await Promise.all([api, worker].map((p) => p?.kill('SIGTERM')));
    await dropTestEnvironment(env);
    await cluster?.stop();
  });

  it('is ready when the cluster answers', async () => {
    const res = await http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details.redis).toEqual({ status: 'up' });
  });

  it('applies an upload through the queue on the cluster, in a worker process of its own', async () => {
    const tenant = await setUpTenant(http);
    const accepted = await upload(
      http,
      tenant.tenantId,
      tenant.adminToken,
      csvFile([HEADER, userRow(1), userRow(2), userRow(3)]),
    );
    expect(accepted.status).toBe(202);
    const done = await waitForSync(http, tenant.tenantId, accepted.body.id, tenant.adminToken);
    expect(done.status).toBe('completed');
    expect(done.counts.added).toBe(3);
  });

  it('keeps every key of the queue in the hash slot of its prefix', async () => {
    const slot = await cli(cluster.ports[0], 'cluster', 'keyslot', prefix);
    const perNode = await Promise.all(
      cluster.ports.map(async (port) => ({
        keys: Number(await cli(port, 'dbsize')),
        inSlot: Number(await cli(port, 'cluster', 'countkeysinslot', slot)),
      })),
    );
    const keys = perNode.reduce((sum, node) => sum + node.keys, 0);
    expect(keys).toBeGreaterThan(0);
    expect(perNode.reduce((sum, node) => sum + node.inSlot, 0)).toBe(keys);
  });
});
