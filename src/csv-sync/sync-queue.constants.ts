// The names of the CSV sync queue and its jobs.
export const SYNC_QUEUE = 'csv-sync';

export const SyncJob = {
  /** Apply the runnable syncs of one tenant, oldest first. */
  DrainTenant: 'drain-tenant',
  /** Remove syncs and records older than LOG_RETENTION_DAYS, and staged rows of final syncs. */
  PurgeLogs: 'purge-logs',
} as const;

/** When the purge runs: every night at 03:17 UTC (an odd minute, away from the top of the hour). */
export const PURGE_CRON = '17 3 * * *';
