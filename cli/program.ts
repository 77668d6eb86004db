// The command line of user-csv-sync (commander): commands, options, environment variables, and how every
// outcome becomes an exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ApiClient } from './api-client';
import {
  checkTenant,
  checkToken,
  listOf,
  nonNegativeInteger,
  OUTCOMES,
  parseAction,
  parseBaseUrl,
  parseSeconds,
  parseSyncId,
  positiveInteger,
  STATUSES,
} from './arguments';
import { CliError } from './cli-error';
import type { Context, FollowOptions } from './context';
import { EXIT } from './exit-codes';
import {
  logsCommand,
  recordsCommand,
  templateCommand,
  type LogsOptions,
  type RecordsOptions,
  type TemplateOptions,
} from './list-commands';
import { createProgress } from './progress';
import { DEFAULT_RETRY } from './retry';
import { revertCommand, type RevertOptions } from './revert-command';
import { applyCommand, cancelCommand, statusCommand } from './sync-commands';
import { uploadCommand, type UploadOptions } from './upload-command';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

interface GlobalOptions {
  url: string;
  token?: string;
  tenant?: string;
  retries: number;
  timeout?: number;
}

const NAME = 'user-csv-sync';
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

function version(): string {
  try {
    // dist/cli/main.js and cli/program.ts both sit two levels below the package root.
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Messages never show the token, whatever put it there (a value echoed back, an address, an error). */
function redactor(token: string | undefined): (text: string) => string {
  const secret = token?.trim();
  if (!secret || secret.length < 4) return (text) => text;
  return (text) => text.split(secret).join('***');
}

/** Runs one command line; resolves with the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.OK;
  let json = false;
  let client: ApiClient | undefined;
  let redact = redactor(process.env.USER_CSV_SYNC_TOKEN);
  const say = (text: string) => io.stderr.write(redact(text));

  const program = new Command(NAME)
    .description('Upload CSV files of users to User CSV Sync and follow what they did.')
    .version(version(), '-V, --version')
    .addOption(
      new Option('--url <url>', 'the service, e.g. https://users.example.com')
        .env('USER_CSV_SYNC_URL')
        .default('http://localhost:3000'),
    )
    .addOption(
      new Option(
        '--token <token>',
        'an admin token of the tenant (prefer the variable: arguments are visible to others)',
      ).env('USER_CSV_SYNC_TOKEN'),
    )
    .addOption(new Option('--tenant <id>', 'the tenant').env('USER_CSV_SYNC_TENANT'))
    .addOption(
      new Option('--retries <n>', 'retries of a request that failed to connect or got a 5xx, with backoff')
        .argParser(nonNegativeInteger(100))
        .default(DEFAULT_RETRY.retries),
    )
    .addOption(
      new Option('--timeout <sec>', 'give up after this many seconds (exit 6)').argParser(parseSeconds),
    )
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => say(text),
    });

  const context = (command: Command): Context => {
    const options = command.optsWithGlobals<GlobalOptions>();
    redact = redactor(options.token);
    let baseUrl: URL;
    let token: string;
    let tenantId: string;
    try {
      baseUrl = parseBaseUrl(options.url);
      token = checkToken(options.token);
      tenantId = checkTenant(options.tenant);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    if (baseUrl.protocol === 'http:' && !LOOPBACK.test(baseUrl.hostname)) {
      say(`warning: ${baseUrl.origin} is plain HTTP: the token travels unencrypted; use https\n`);
    }
    const progress = createProgress(io.stdout, io.stderr);
    client = new ApiClient({
      baseUrl,
      token,
      retry: { ...DEFAULT_RETRY, retries: options.retries },
      deadline: options.timeout === undefined ? undefined : Date.now() + options.timeout,
      userAgent: `${NAME}/${version()} node/${process.version}`,
      notice: (message) => progress.notice(redact(message)),
    });
    return { client, tenantId, progress, stdout: io.stdout, stderr: { write: say } };
  };

  /** A command's action: its context, then the handler with its parsed argument and its own options. */
  const run =
    (handler: (ctx: Context, command: Command) => Promise<number>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      json = Boolean(command.opts().json);
      exitCode = await handler(context(command), command);
    };
  const argument = (command: Command) => command.processedArgs[0] as string;

  program
    .command('upload')
    .description(
      'upload a CSV file as a new sync (a re-run with the same file and options returns the same sync)',
    )
    .argument('<file>', 'the CSV file')
    .addOption(
      new Option('--action <action>', 'upsert (add/update users) or delete')
        .argParser(parseAction)
        .makeOptionMandatory(),
    )
    .option('--dry-run', 'compute every outcome without changing users (status previewed; apply runs it)')
    .option('--wait', 'follow the sync until it is final or waits for a confirmation')
    .option('--report <path>', 'with --wait: write the error report (failed rows) to this file')
    .option('--idempotency-key <key>', 'use this key instead of the one derived from the file and options')
    .option('--json', 'print the sync as JSON')
    .action(run((ctx, c) => uploadCommand(ctx, argument(c), c.opts<UploadOptions>())));

  for (const [name, description] of [
    ['status', 'show a sync'],
    ['apply', 'apply a previewed sync, or confirm a delete or revert stopped by the mass-delete guard'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<sync-id>', 'the sync', parseSyncId)
      .option('--wait', 'follow the sync until it is final or waits for a confirmation')
      .option('--report <path>', 'with --wait: write the error report (failed rows) to this file')
      .option('--json', 'print the sync as JSON')
      .action(
        run((ctx, c) =>
          (name === 'status' ? statusCommand : applyCommand)(ctx, argument(c), c.opts<FollowOptions>()),
        ),
      );
  }

  program
    .command('revert')
    .description(
      'undo a finished sync: its added users are deleted, its updates go back, its deleted users come back; ' +
        'users changed since are left alone (a re-run returns the same revert)',
    )
    .argument('<sync-id>', 'the sync to revert', parseSyncId)
    .option('--dry-run', 'compute every outcome without changing users (status previewed; apply runs it)')
    .option('--wait', 'follow the revert until it is final or waits for a confirmation')
    .option('--report <path>', 'with --wait: write the error report (failed rows) to this file')
    .option('--idempotency-key <key>', 'use this key instead of the one derived from the sync and options')
    .option('--json', 'print the revert as JSON')
    .action(run((ctx, c) => revertCommand(ctx, argument(c), c.opts<RevertOptions>())));

  program
    .command('cancel')
    .description('cancel a sync (a processing one stops after its current batch)')
    .argument('<sync-id>', 'the sync', parseSyncId)
    .option('--json', 'print the sync as JSON')
    .action(run((ctx, c) => cancelCommand(ctx, argument(c), c.opts<{ json?: boolean }>())));

  program
    .command('logs')
    .description('the User CSV Sync List: syncs of the tenant, newest first')
    .addOption(new Option('--limit <n>', 'how many syncs').argParser(positiveInteger(100_000)).default(20))
    .addOption(
      new Option(
        '--status <statuses>',
        `only these statuses, separated by commas (${STATUSES.join(', ')})`,
      ).argParser(listOf(STATUSES, 'statuses')),
    )
    .option('--json', 'print { items, nextCursor } as JSON')
    .action(run((ctx, c) => logsCommand(ctx, c.opts<LogsOptions>())));

  program
    .command('records')
    .description('what each row of a sync did')
    .argument('<sync-id>', 'the sync', parseSyncId)
    .addOption(
      new Option(
        '--outcome <outcomes>',
        `only these outcomes, separated by commas (${OUTCOMES.join(', ')})`,
      ).argParser(listOf(OUTCOMES, 'outcomes')),
    )
    .addOption(
      new Option('--limit <n>', 'how many records to show')
        .argParser(positiveInteger(1_000_000))
        .default(100),
    )
    .option(
      '--csv <path>',
      'write all records as CSV to this file (- for standard output); with --outcome failed the error report',
    )
    .option('--json', 'print { items, nextCursor } as JSON')
    .action(run((ctx, c) => recordsCommand(ctx, argument(c), c.opts<RecordsOptions>())));

  program
    .command('template')
    .description('the CSV template of the tenant (UTF-8 with BOM)')
    .addOption(
      new Option('--action <action>', 'upsert or delete').argParser(parseAction).makeOptionMandatory(),
    )
    .option('--example', 'add an example row')
    .option('-o, --output <path>', 'write to this file instead of standard output')
    .action(run((ctx, c) => templateCommand(ctx, c.opts<TemplateOptions>())));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (error instanceof CliError) {
      if (json && error.payload !== undefined) io.stdout.write(`${JSON.stringify(error.payload, null, 2)}\n`);
      say(`${NAME}: ${error.message}\n`);
      return error.exitCode;
    }
    say(`${NAME}: ${(error as Error)?.message ?? String(error)}\n`);
    return EXIT.USAGE;
  } finally {
    client?.close();
  }
}
