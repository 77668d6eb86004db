// The records of a sync as a CSV download, streamed page by page; with outcome=failed it is the error report:
// the rows as they were uploaded plus line, error_code and error_message, ready to fix and upload again (SPEC §7).
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { csvLine, UTF8_BOM } from '../../libs/csv';
import { ERROR_REPORT_COLUMNS } from '../../libs/values';
import type { Outcome } from './dto/record.dto';
import { StoredRecord, SyncsService } from './syncs.service';

const PAGE = 5000;
const RECORD_COLUMNS = ['line', 'email', 'outcome', 'error_code', 'error_column', 'error_message', 'changes'];

export interface CsvDownload {
  fileName: string;
  stream: Readable;
}

@Injectable()
export class SyncExportService {
  constructor(private readonly syncs: SyncsService) {}

  async export(tenantId: string, syncId: string, outcomes: Outcome[] | undefined): Promise<CsvDownload> {
    const sync = await this.syncs.getEntity(tenantId, syncId);
    const errorReport = outcomes?.length === 1 && outcomes[0] === 'failed';
    const base = sync.fileName.replace(/\.(csv|txt|tsv)$/i, '');
    const { delimiter } = sync;
    // Columns of an earlier error report that was uploaded again are not repeated.
    const reserved = new Set<string>(ERROR_REPORT_COLUMNS);
    const kept = sync.header
      .map((_, i) => i)
      .filter((i) => !reserved.has(sync.header[i].trim().toLowerCase()));
    const header = errorReport
      ? [...kept.map((i) => sync.header[i]), ...ERROR_REPORT_COLUMNS]
      : RECORD_COLUMNS;

    const rowOf = errorReport
      ? (r: StoredRecord) => [
          ...kept.map((i) => r.cells?.[i] ?? ''),
          String(r.line),
          r.error?.code ?? '',
          r.error?.message ?? '',
        ]
      : (r: StoredRecord) => [
          String(r.line),
          r.email ?? '',
          r.outcome,
          r.error?.code ?? '',
          r.error?.column ?? '',
          r.error?.message ?? '',
          r.changes ? JSON.stringify(r.changes) : '',
        ];

    const syncs = this.syncs;
    async function* lines(): AsyncGenerator<string> {
      yield UTF8_BOM + csvLine(header, delimiter);
      let after = 0;
      for (;;) {
        const rows = await syncs.recordsAfter(sync.id, after, PAGE, outcomes);
        if (rows.length === 0) return;
        yield rows.map((r) => csvLine(rowOf(r), delimiter)).join('');
        after = rows[rows.length - 1].line;
        if (rows.length < PAGE) return;
      }
    }

    return { fileName: `${base}-${errorReport ? 'errors' : 'records'}.csv`, stream: Readable.from(lines()) };
  }
}
