// The queue's processor: WORKER_CONCURRENCY is the number of jobs a worker process runs at the same time (README),
// and every kind of job of the queue reaches its handler.
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { SYNC_QUEUE, SyncJob } from '../../src/csv-sync/sync-queue.constants';
import { startApp, TestApp } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { setUpTenant, STAFF_TOKEN } from '../support/fixtures';
import { upload, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';

describe('the sync queue processor, with WORKER_CONCURRENCY=1', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Small batches, so that each sync takes long enough for the others to arrive while it runs.
    t = await startApp({ WORKER_CONCURRENCY: '1', SYNC_BATCH_SIZE: '20' });
  });
  afterAll(() => t.close());

  it('applies the syncs of three tenants one at a time', async () => {
    const tenants = await Promise.all([1, 2, 3].map(() => setUpTenant(t.http)));
    const file = csvFile([HEADER, ...Array.from({ length: 2000 }, (_, i) => userRow(i + 1))]);
    const accepted = await Promise.all(tenants.map((s) => upload(t.http, s.tenantId, s.adminToken, file)));
    const done = await Promise.all(
      tenants.map((s, i) => waitForSync(t.http, s.tenantId, accepted[i].body.id, s.adminToken)),
    );
    expect(done.map((d) => d.status)).toEqual(['completed', 'completed', 'completed']);
    const runs = done
      .map((d) => ({ start: Date.parse(d.startedAt), end: Date.parse(d.finishedAt) }))
      .sort((x, y) => x.start - y.start);
    for (let i = 1; i < runs.length; i += 1) expect(runs[i].start).toBeGreaterThanOrEqual(runs[i - 1].end);
  });

  it('runs the purge of old logs as a job of the queue', async () => {
    const purges = async () =>
      (await t.http.get('/api/audit-events?action=logs.purged', STAFF_TOKEN)).body.items.length;
    const before = await purges();
    await t.app.get<Queue>(getQueueToken(SYNC_QUEUE)).add(SyncJob.PurgeLogs, {}, { removeOnComplete: true });
    await waitFor(async () => (await purges()) > before, 'the purge job');
  });
});
