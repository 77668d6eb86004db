// CSV syncs: the sync itself, its staged input rows, and the outcome record of every row.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261125110000_csv_sync extends Migration {
  override async up(): Promise<void> {
    // The order in which a tenant's syncs apply: upload order, or the moment a parked sync was applied.
    this.addSql('CREATE SEQUENCE sync_run_seq');
    this.addSql(`
      CREATE TABLE sync (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id       text NOT NULL REFERENCES tenant (id),
        run_seq         bigint NOT NULL DEFAULT nextval('sync_run_seq'),
        action          text NOT NULL CHECK (action IN ('upsert', 'delete')),
        dry_run         boolean NOT NULL,
        status          text NOT NULL CHECK (status IN ('queued', 'processing', 'previewed', 'awaiting_confirmation',
                          'completed', 'completed_with_errors', 'failed', 'cancelled')),
        file_name       text NOT NULL,
        actor           text NOT NULL,
        actor_token_id  uuid,
        idempotency_key text,
        config_version  integer NOT NULL,
        encoding        text NOT NULL,
        delimiter       text NOT NULL,
        header          jsonb NOT NULL,
        warnings        jsonb NOT NULL DEFAULT '[]',
        error           jsonb,
        confirmed       boolean NOT NULL DEFAULT false,
        rows_prepared   boolean NOT NULL DEFAULT false,
        total_rows      integer NOT NULL DEFAULT 0,
        processed_rows  integer NOT NULL DEFAULT 0,
        last_line       integer NOT NULL DEFAULT 0,
        added           integer NOT NULL DEFAULT 0,
        updated         integer NOT NULL DEFAULT 0,
        unchanged       integer NOT NULL DEFAULT 0,
        deleted         integer NOT NULL DEFAULT 0,
        not_found       integer NOT NULL DEFAULT 0,
        failed          integer NOT NULL DEFAULT 0,
        created_at      timestamptz(3) NOT NULL DEFAULT now(),
        started_at      timestamptz(3),
        finished_at     timestamptz(3),
        CONSTRAINT sync_idempotency_key UNIQUE (tenant_id, idempotency_key)
      )`);
    this.addSql('CREATE INDEX sync_tenant_created_idx ON sync (tenant_id, created_at DESC, id DESC)');
    this.addSql(
      `CREATE INDEX sync_runnable_idx ON sync (tenant_id, run_seq) WHERE status IN ('queued', 'processing')`,
    );

    // The decoded rows of an accepted file, written before the 202 so that any worker can process them.
    // No foreign key on this table or the next: they take a million rows per sync, and their
    // sync is always written first and removed last by the same service.
    this.addSql(`
      CREATE TABLE sync_row (
        sync_id  uuid NOT NULL,
        line     integer NOT NULL,
        email    text,
        cells    jsonb NOT NULL,
        problems jsonb,
        dup_of   integer,
        PRIMARY KEY (sync_id, line)
      )`);

    this.addSql(`
      CREATE TABLE sync_record (
        sync_id uuid NOT NULL,
        line    integer NOT NULL,
        email   text,
        outcome text NOT NULL,
        changes jsonb,
        error   jsonb,
        cells   jsonb,
        PRIMARY KEY (sync_id, line)
      )`);
    // Keyset pages of one outcome in line order (the error report, ?outcome=failed).
    this.addSql('CREATE INDEX sync_record_outcome_idx ON sync_record (sync_id, outcome, line)');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE sync_record, sync_row, sync');
    this.addSql('DROP SEQUENCE sync_run_seq');
  }
}
