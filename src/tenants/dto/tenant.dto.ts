// A tenant as the API shows it.
import { ApiProperty } from '@nestjs/swagger';
import type { Tenant } from '../tenant.entity';

export class CsvSyncStateDto {
  @ApiProperty({ example: false })
  enabled!: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    description: 'null until the module is configured',
  })
  configVersion!: number | null;
}

export class TenantDto {
  @ApiProperty({ example: 'acme' })
  id!: string;

  @ApiProperty({ example: 'ACME Corp' })
  name!: string;

  @ApiProperty({ type: CsvSyncStateDto })
  csvSync!: CsvSyncStateDto;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;

  static from(this: void, tenant: Tenant): TenantDto {
    return {
      id: tenant.id,
      name: tenant.name,
      csvSync: { enabled: tenant.csvSyncEnabled, configVersion: tenant.configVersion },
      createdAt: tenant.createdAt,
      updatedAt: tenant.updatedAt,
    };
  }
}
