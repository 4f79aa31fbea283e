import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Vite's output names every file under assets/ by its content hash: a changed file is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, the manifest, icons) is checked with the server on every use. */
const REVALIDATE = 'no-cache';

export interface ClientOptions {
  /** Serve the `.map` files beside the scripts (off by default: they publish the whole source). */
  sourceMaps: boolean;
}

/**
 * The web client: its built files, and index.html for every page of the single-page app. Missing
 * files (with an extension) and unknown API calls answer NOT_FOUND. The build writes a Brotli and
 * a gzip copy beside each file (client/precompress.ts): the one the browser accepts is sent as it
 * is, with `Vary: Accept-Encoding`, so no request compresses anything at run time.
 */
export async function serveClient(
  http: FastifyInstance,
  clientDist: string,
  options: ClientOptions,
): Promise<void> {
  // Registered even before the client is built, so a later `npm run build` is served without a restart.
  await http.register(fastifyStatic, {
    root: clientDist,
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    allowedPath: (path) => options.sourceMaps || !path.endsWith('.map'),
    setHeaders: (reply, path) => {
      const inRoot = isAbsolute(path) ? relative(clientDist, path) : path.replace(/^\//, '');
      void reply.header('Cache-Control', inRoot.startsWith(`assets${sep}`) ? IMMUTABLE : REVALIDATE);
    },
  });
  http.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isPage =
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !path.startsWith('/socket.io') &&
      !/\.[a-z0-9]+$/i.test(path);
    if (isPage && existsSync(`${clientDist}/index.html`)) return reply.sendFile('index.html');
    if (isPage) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web client is not built yet: run `npm run build` (npm start does it).');
    }
    return reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${path}` });
  });
}
