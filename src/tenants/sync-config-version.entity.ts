// One version of a tenant's CSV sync configuration; versions are never changed, only added (SPEC §4).
import { Entity, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import type { SyncConfig } from '../../libs/values';

@Entity({ tableName: 'sync_config_version' })
export class SyncConfigVersion {
  [PrimaryKeyProp]?: ['tenantId', 'version'];
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'text' })
  tenantId!: string;

  @PrimaryKey({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  config!: SyncConfig;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
