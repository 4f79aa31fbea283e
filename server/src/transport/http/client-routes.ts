import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * The web client: its built files, and index.html for every page of the single-page app. Missing
 * files (with an extension) and unknown API calls answer NOT_FOUND.
 */
export async function serveClient(http: FastifyInstance, clientDist: string): Promise<void> {
  // Registered even before the client is built, so a later `npm run build` is served without a restart.
  await http.register(fastifyStatic, { root: clientDist, wildcard: true });
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
