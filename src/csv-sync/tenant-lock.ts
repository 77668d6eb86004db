// The lock that lets one run at a time apply a tenant's syncs, with a fencing number that every transaction of
// the run checks. The lock itself is a session advisory lock on a connection of its own (a worker that dies
// frees it with its connection); but a connection can also be lost while its worker lives on (a failover, a
// proxy, idle_session_timeout), and then a second run may take the lock. So each run takes the next fencing
// number of the tenant, and each of its transactions first locks the tenant's fence row FOR SHARE and proves
// that the number is still its own: a newer run's UPDATE of the number waits until the older run's transactions
// in flight have settled, and every transaction of the older run after that finds a number not its own and
// rolls back whole.
import { Inject, Injectable } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';

/** First key of the advisory lock that makes one worker at a time apply a tenant's syncs. */
export const TENANT_LOCK_NAMESPACE = 7_301_001;

/** The next fencing number of a tenant; it waits for the transactions that hold the current one FOR SHARE. */
const TAKE_FENCE = `
  INSERT INTO sync_tenant_fence AS f (tenant_id, fence) VALUES ($1, 1)
  ON CONFLICT (tenant_id) DO UPDATE SET fence = f.fence + 1, taken_at = now()
  RETURNING fence`;

/** The first statement of every transaction of a run: the fence is still the run's, and stays so until COMMIT. */
const HOLD_FENCE = 'SELECT 1 FROM sync_tenant_fence WHERE tenant_id = $1 AND fence = $2 FOR SHARE';

/** The run no longer holds its tenant: a newer run took the fence, or the lock's connection was lost. Nothing
 *  of the transaction that found it was written; the job is retried and the sync resumes where it stands. */
export class TenantLost extends Error {
  readonly passing = true;

  constructor(tenantId: string, why: string) {
    super(`the run of tenant ${tenantId} lost its lock: ${why}`);
    this.name = 'TenantLost';
  }
}

/** A run's hold on a tenant. */
export class TenantLease {
  private lostReason: string | null = null;

  constructor(
    readonly tenantId: string,
    readonly fence: number,
    private readonly lock: Client,
  ) {
    lock.on('error', () => this.lose('its connection failed'));
    lock.on('end', () => this.lose('its connection ended'));
  }

  /** Set once the lock's connection is gone: the run starts no more batches. */
  get lost(): boolean {
    return this.lostReason !== null;
  }

  /** Throws TenantLost unless the run's fence is still the tenant's; holds it until the transaction ends. */
  async hold(tx: Pick<Client, 'query'>): Promise<void> {
    const { rowCount } = await tx.query(HOLD_FENCE, [this.tenantId, this.fence]);
    if (!rowCount) throw new TenantLost(this.tenantId, `fence ${this.fence} was taken by a newer run`);
  }

  /** Throws TenantLost if the lock's connection was lost. */
  check(): void {
    if (this.lostReason) throw new TenantLost(this.tenantId, this.lostReason);
  }

  /** Called only once every transaction of the run has settled. */
  async release(): Promise<void> {
    const lost = this.lost;
    this.lostReason ??= 'released';
    if (!lost) {
      await this.lock
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, this.tenantId])
        .catch(() => undefined); // ending the session below frees it as well
    }
    await this.lock.end().catch(() => undefined);
  }

  private lose(reason: string): void {
    this.lostReason ??= reason;
  }
}

@Injectable()
export class TenantLock {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The tenant's lock and its next fencing number, or null at once when another run holds the lock. */
  async acquire(tenantId: string): Promise<TenantLease | null> {
    const lock = new Client({ connectionString: this.config.databaseUrl, keepAlive: true });
    lock.on('error', () => undefined); // a broken lock connection surfaces through the lease
    await lock.connect();
    try {
      // Server-side keepalives: if a worker's machine vanishes without closing the socket, PostgreSQL ends
      // the session (and so frees the lock) within about half a minute instead of hours.
      await lock.query(
        'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3',
      );
      const { rows } = await lock.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [TENANT_LOCK_NAMESPACE, tenantId],
      );
      if (!rows[0].locked) {
        await lock.end().catch(() => undefined);
        return null;
      }
      const fence = await this.pool.query<{ fence: string }>(TAKE_FENCE, [tenantId]);
      return new TenantLease(tenantId, Number(fence.rows[0].fence), lock);
    } catch (error) {
      await lock.end().catch(() => undefined);
      throw error;
    }
  }
}
