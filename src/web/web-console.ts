// Serves the web console (web/dist, built by `npm run build`) at `/`: its files, and index.html for any other
// GET outside the API so that the console's own routes survive a reload (SPEC §9).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { FRAMEWORK_ERROR_OPTIONS } from '../common/http-hardening';

/** Paths that belong to the service, not to the console: an unknown one keeps its JSON 404. */
const SERVICE_PATH = /^\/(api|docs|health)(\/|$)/;

/** Fastify's default maxParamLength: a longer part of a path is refused by the router (414). */
const MAX_PARAM_LENGTH = 100;

/** web/dist from the compiled service (dist/src/web) or from the sources (src/web, under ts-jest). */
export function webConsoleRoot(): string | undefined {
  return [
    resolve(__dirname, '..', '..', '..', 'web', 'dist'),
    resolve(__dirname, '..', '..', 'web', 'dist'),
  ].find((dir) => existsSync(join(dir, 'index.html')));
}

/** Registers the console's routes; false when it has not been built (the API works without it). */
export async function serveWebConsole(fastify: FastifyInstance, root = webConsoleRoot()): Promise<boolean> {
  if (!root) return false;
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false, // one route per built file; everything else reaches the fallback below
    index: false,
    setHeaders: (reply, path) => {
      // Vite names every asset by its content hash: it never changes; index.html names the current ones.
      void reply.header(
        'cache-control',
        path.includes(join('dist', 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?', 1)[0];
    if (SERVICE_PATH.test(path)) {
      // The router refuses a path part longer than its limit with a 414, unless a catch-all such as this one
      // matches the path instead: answer what the router would have.
      if (path.split('/').some((part) => part.length > MAX_PARAM_LENGTH)) {
        const error = Object.assign(new Error('path part too long'), { code: 'FST_ERR_MAX_PARAM_LENGTH' });
        return FRAMEWORK_ERROR_OPTIONS.frameworkErrors(error, request, reply);
      }
      return reply.callNotFound();
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
