// The web console's API types are generated from the service's OpenAPI document: a changed DTO without a
// regenerated web/src/lib/api-types.ts fails here (`npm run api-types` writes it).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('web console API types', () => {
  it('match the OpenAPI document of the built service', async () => {
    const script = join(__dirname, '..', '..', 'scripts', 'web-api-types.mjs');
    const result = await run(process.execPath, [script, '--check']).catch(
      (error: { code?: number; stderr?: string }) => error,
    );
    expect('stderr' in result ? result.stderr : '').toBe('');
    expect((result as { code?: number }).code ?? 0).toBe(0);
  });
});
