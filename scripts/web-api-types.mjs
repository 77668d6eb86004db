// Writes web/src/lib/api-types.ts from the service's own OpenAPI document, so that the web console cannot
// drift from the API; `--check` only compares (exit 1 when the file is not current). Reads the built service
// (dist/): run `npm run build` first (`npm run api-types` does).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const require = createRequire(import.meta.url);
const TARGET = fileURLToPath(new URL('../web/src/lib/api-types.ts', import.meta.url));
const HEADER =
  "// Generated from the service's OpenAPI document by `npm run api-types` (scripts/web-api-types.mjs).\n" +
  '// Do not edit: change the DTOs in src/ and generate again.\n\n';

/** The OpenAPI document as /docs/json serves it, built without a database or Redis (Nest's preview mode). */
export async function openApiDocument() {
  const { NestFactory } = require('@nestjs/core');
  const { FastifyAdapter } = require('@nestjs/platform-fastify');
  const { DocumentBuilder, SwaggerModule } = require('@nestjs/swagger');
  const { AppModule } = require('../dist/src/app.module.js');
  const { loadConfig } = require('../dist/src/config/app-config.js');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('User CSV Sync').build());
  } finally {
    await app.close().catch(() => undefined);
  }
}

export async function generateApiTypes() {
  const document = await openApiDocument();
  const ast = await openapiTS(JSON.parse(JSON.stringify(document)), { alphabetize: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const generated = await generateApiTypes();
  if (process.argv.includes('--check')) {
    const current = readFileSync(TARGET, 'utf8');
    if (current !== generated) {
      console.error('web/src/lib/api-types.ts is not current: run "npm run api-types" and commit the result');
      process.exit(1);
    }
    console.log('web/src/lib/api-types.ts is current');
  } else {
    writeFileSync(TARGET, generated);
    console.log(`wrote ${TARGET}`);
  }
  process.exit(0);
}
