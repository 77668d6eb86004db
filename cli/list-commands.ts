// `logs` (the User CSV Sync List), `records` of one sync, and `template`: reading, nothing changes.
import type { Context } from './context';
import { saveDownload } from './downloads';
import { EXIT, type ExitCode } from './exit-codes';
import { recordTable, syncTable } from './output';
import { syncsPath, type Page, type RecordView, type SyncView } from './sync-view';

/** The API's largest page (SPEC §7). */
const MAX_PAGE = 500;

/** Up to `limit` items, following nextCursor page by page. */
async function collect<T>(
  ctx: Context,
  path: string,
  query: Record<string, string | undefined>,
  limit: number,
): Promise<Page<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await ctx.client.json<Page<T>>({
      method: 'GET',
      path,
      query: {
        ...query,
        limit: String(Math.min(MAX_PAGE, limit - items.length)),
        cursor: cursor ?? undefined,
      },
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < limit);
  return { items, nextCursor: cursor };
}

export interface LogsOptions {
  limit: number;
  status?: string[];
  json?: boolean;
}

export async function logsCommand(ctx: Context, options: LogsOptions): Promise<ExitCode> {
  const page = await collect<SyncView>(
    ctx,
    syncsPath(ctx.tenantId),
    { status: options.status?.join(',') },
    options.limit,
  );
  if (options.json) ctx.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
  else if (page.items.length === 0) ctx.stderr.write('no syncs\n');
  else ctx.stdout.write(syncTable(page.items));
  if (!options.json && page.nextCursor)
    ctx.stderr.write(`showing the newest ${page.items.length}; --limit shows more\n`);
  return EXIT.OK;
}

export interface RecordsOptions {
  limit: number;
  outcome?: string[];
  csv?: string;
  json?: boolean;
}

export async function recordsCommand(
  ctx: Context,
  syncId: string,
  options: RecordsOptions,
): Promise<ExitCode> {
  const outcome = options.outcome?.join(',');
  if (options.csv !== undefined) {
    const target = options.csv;
    await ctx.client.stream(
      {
        method: 'GET',
        path: syncsPath(ctx.tenantId, syncId, '/records.csv'),
        query: { outcome },
        headers: { accept: 'text/csv' },
      },
      (body) => saveDownload(body, target, ctx.stdout),
    );
    if (target !== '-') ctx.stderr.write(`records written to ${target}\n`);
    return EXIT.OK;
  }
  const page = await collect<RecordView>(
    ctx,
    syncsPath(ctx.tenantId, syncId, '/records'),
    { outcome },
    options.limit,
  );
  if (options.json) ctx.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
  else if (page.items.length === 0) ctx.stderr.write('no records\n');
  else ctx.stdout.write(recordTable(page.items));
  if (!options.json && page.nextCursor) {
    ctx.stderr.write(`showing the first ${page.items.length} records; --limit or --csv PATH shows more\n`);
  }
  return EXIT.OK;
}

export interface TemplateOptions {
  action: string;
  example?: boolean;
  output?: string;
}

/** The template as the service writes it (UTF-8 with BOM, SPEC §5), to a file or standard output. */
export async function templateCommand(ctx: Context, options: TemplateOptions): Promise<ExitCode> {
  const target = options.output ?? '-';
  await ctx.client.stream(
    {
      method: 'GET',
      path: `/api/tenants/${encodeURIComponent(ctx.tenantId)}/csv-sync/template`,
      query: { action: options.action, example: options.example ? 'true' : undefined },
      headers: { accept: 'text/csv' },
    },
    (body) => saveDownload(body, target, ctx.stdout),
  );
  if (target !== '-') ctx.stderr.write(`template written to ${target}\n`);
  return EXIT.OK;
}
