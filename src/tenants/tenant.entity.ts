// A tenant of the platform and the state of its CSV sync module.
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'tenant' })
export class Tenant {
  [OptionalProps]?: 'csvSyncEnabled' | 'configVersion' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'boolean' })
  csvSyncEnabled = false;

  /** The current configuration version; null until staff configure the module. */
  @Property({ type: 'integer', nullable: true })
  configVersion: number | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
