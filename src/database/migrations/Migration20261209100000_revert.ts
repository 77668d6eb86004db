// Reverts (SPEC §10): a sync of action `revert` names the sync it undoes (revert_of) and stages its rows from that
// sync's outcome records, inside PostgreSQL. Outcome records now keep the id of the user they are about, so that
// a revert finds the very user a sync added or changed, and brings a deleted user back under its former id.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261209100000_revert extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE sync DROP CONSTRAINT sync_action_check');
    this.addSql(
      `ALTER TABLE sync ADD CONSTRAINT sync_action_check CHECK (action IN ('upsert', 'delete', 'revert'))`,
    );
    // No foreign key: retention purges the reverted sync (always the older one) before its revert.
    this.addSql('ALTER TABLE sync ADD COLUMN revert_of uuid');
    this.addSql(
      `ALTER TABLE sync ADD CONSTRAINT sync_revert_of_check CHECK ((action = 'revert') = (revert_of IS NOT NULL))`,
    );
    // At most one revert of a sync that is not failed or cancelled: two reverts accepted at once cannot both
    // commit, and the reverted sync's `revertedBy` is found through this index.
    this.addSql(`
      CREATE UNIQUE INDEX sync_live_revert_idx ON sync (revert_of)
       WHERE revert_of IS NOT NULL AND status NOT IN ('failed', 'cancelled')`);
    // A revert's staged row is an outcome record of the reverted sync: its outcome, its changes (json, in their
    // stored order) and its user. Null for the rows of an uploaded file.
    this.addSql(
      'ALTER TABLE sync_row ADD COLUMN outcome text, ADD COLUMN changes json, ADD COLUMN user_id uuid',
    );
    this.addSql('ALTER TABLE sync_record ADD COLUMN user_id uuid');
    this.addSql(`
      COMMENT ON COLUMN sync_record.user_id IS
        'The user an added, updated or deleted row was about (null in records written before reverts existed)'`);
  }

  override async down(): Promise<void> {
    this.addSql('ALTER TABLE sync_record DROP COLUMN user_id');
    this.addSql('ALTER TABLE sync_row DROP COLUMN outcome, DROP COLUMN changes, DROP COLUMN user_id');
    this.addSql("DELETE FROM sync_row WHERE sync_id IN (SELECT id FROM sync WHERE action = 'revert')");
    this.addSql("DELETE FROM sync_record WHERE sync_id IN (SELECT id FROM sync WHERE action = 'revert')");
    this.addSql("DELETE FROM sync WHERE action = 'revert'");
    this.addSql('DROP INDEX sync_live_revert_idx');
    this.addSql('ALTER TABLE sync DROP CONSTRAINT sync_revert_of_check');
    this.addSql('ALTER TABLE sync DROP COLUMN revert_of');
    this.addSql('ALTER TABLE sync DROP CONSTRAINT sync_action_check');
    this.addSql(`ALTER TABLE sync ADD CONSTRAINT sync_action_check CHECK (action IN ('upsert', 'delete'))`);
  }
}
