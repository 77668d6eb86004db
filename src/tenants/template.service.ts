// The CSV template of a tenant, made from its current configuration (SPEC §5).
import { Injectable } from '@nestjs/common';
import { csvLine, UTF8_BOM } from '../../libs/csv';
import { EXAMPLE_EMAIL, exampleCell, SyncAction } from '../../libs/values';
import { TenantsService } from './tenants.service';

export interface CsvFile {
  fileName: string;
  content: string;
}

@Injectable()
export class TemplateService {
  constructor(private readonly tenants: TenantsService) {}

  async template(tenantId: string, action: SyncAction, withExample: boolean): Promise<CsvFile> {
    const { config } = await this.tenants.currentConfig(tenantId);
    const attributes = action === 'upsert' ? config.attributes : [];
    const rows = [[config.emailColumn, ...attributes.map((a) => a.column)]];
    if (withExample) rows.push([EXAMPLE_EMAIL, ...attributes.map(exampleCell)]);
    return {
      fileName: `${tenantId}-users-${action}-template.csv`,
      // The BOM makes Excel read the file as UTF-8, so that "Müller" stays "Müller".
      content: UTF8_BOM + rows.map((row) => csvLine(row, ',')).join(''),
    };
  }
}
