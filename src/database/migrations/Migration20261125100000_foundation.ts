// Tenants, CSV sync configuration versions, admin tokens, the audit trail and users.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261125100000_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE tenant (
        id               text PRIMARY KEY,
        name             text NOT NULL,
        csv_sync_enabled boolean NOT NULL DEFAULT false,
        config_version   integer,
        created_at       timestamptz(3) NOT NULL DEFAULT now(),
        updated_at       timestamptz(3) NOT NULL DEFAULT now()
      )`);
    this.addSql(`
      CREATE TABLE sync_config_version (
        tenant_id  text NOT NULL REFERENCES tenant (id),
        version    integer NOT NULL,
        config     jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, version)
      )`);
    this.addSql(`
      CREATE TABLE api_token (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id  text NOT NULL REFERENCES tenant (id),
        name       text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        revoked_at timestamptz(3)
      )`);
    this.addSql('CREATE INDEX api_token_tenant_idx ON api_token (tenant_id, created_at, id)');
    this.addSql(`
      CREATE TABLE audit_event (
        id         bigserial PRIMARY KEY,
        tenant_id  text,
        actor      text NOT NULL,
        action     text NOT NULL,
        details    jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    this.addSql('CREATE INDEX audit_event_tenant_idx ON audit_event (tenant_id, id)');
    // No foreign key to tenant: tenants are never deleted, and the check would cost every row of a bulk insert.
    this.addSql(`
      CREATE TABLE app_user (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id  text NOT NULL,
        email      text NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT app_user_email_key UNIQUE (tenant_id, email)
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE app_user, audit_event, api_token, sync_config_version, tenant');
  }
}
