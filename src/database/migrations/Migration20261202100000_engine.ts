// The sync engine's order and fencing. A sync's place in its tenant's queue (run_seq) is no longer a column
// default taken when the upload starts: it stays null until the upload is accepted, and the acceptance assigns it
// in the transaction that makes the sync visible (SyncLifecycle.accept). The tenant lock gets a fencing number:
// each run of a tenant's syncs takes the next one, and every transaction of a run proves it still holds it.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261202100000_engine extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE sync ALTER COLUMN run_seq DROP DEFAULT');
    this.addSql('ALTER TABLE sync ALTER COLUMN run_seq DROP NOT NULL');
    this.addSql(`
      CREATE TABLE sync_tenant_fence (
        tenant_id text PRIMARY KEY REFERENCES tenant (id),
        fence     bigint NOT NULL,
        taken_at  timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // What the upload asked for: dry_run changes when a preview is applied, and a retry of the upload with its
    // Idempotency-Key is compared with what it asked for. Syncs from before are read from their audit event.
    this.addSql('ALTER TABLE sync ADD COLUMN requested_dry_run boolean');
    this.addSql(`
      UPDATE sync AS s
         SET requested_dry_run = coalesce(
               (SELECT (a.details ->> 'dryRun')::boolean FROM audit_event AS a
                 WHERE a.tenant_id = s.tenant_id AND a.action = 'sync.uploaded' AND a.details ->> 'syncId' = s.id::text
                 LIMIT 1),
               s.dry_run)`);
    this.addSql(`
      COMMENT ON TABLE sync_tenant_fence IS
        'The fencing number of the run that applies a tenant''s syncs; a batch commits only while it is its run''s'`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE sync_tenant_fence');
    this.addSql('ALTER TABLE sync DROP COLUMN requested_dry_run');
    this.addSql("UPDATE sync SET run_seq = nextval('sync_run_seq') WHERE run_seq IS NULL");
    this.addSql('ALTER TABLE sync ALTER COLUMN run_seq SET NOT NULL');
    this.addSql("ALTER TABLE sync ALTER COLUMN run_seq SET DEFAULT nextval('sync_run_seq')");
  }
}
