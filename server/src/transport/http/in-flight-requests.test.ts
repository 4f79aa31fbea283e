import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, httpStatusOf } from '@agora/shared';
import { InFlight } from '../in-flight.ts';
import { trackInFlightRequests } from './in-flight-requests.ts';

/** A promise with its resolve, to hold a handler open until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

let app: FastifyInstance | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
});

/** A server with one slow route (held by `release`, `entered` once it runs) and one quick one. */
async function serve(inflight: InFlight) {
  const entered = gate();
  const release = gate();
  // Keep-alive connections of fetch must not hold the server's close after each test.
  const server = Fastify({ forceCloseConnections: true });
  app = server;
  trackInFlightRequests(server, inflight);
  server.setErrorHandler((error, _request, reply) =>
    error instanceof AppError
      ? reply.status(httpStatusOf[error.code]).send(error.toBody())
      : reply.status(500).send({ code: 'INTERNAL' }),
  );
  server.post('/slow', async () => {
    entered.open();
    await release.promise;
    return { done: true };
  });
  server.get('/quick', async () => ({ quick: true }));
  server.get('/fails', () => {
    throw new AppError('CONFLICT', 'no');
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const url = `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`;
  return { url, entered: entered.promise, release: release.open };
}

/** Whether `promise` has settled by the time the event loop has turned a few times. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('HTTP requests in flight', () => {
  it('holds the drain until a running handler has answered, and refuses new requests with UNAVAILABLE', async () => {
    const inflight = new InFlight();
    const { url, entered, release } = await serve(inflight);
    const slow = fetch(`${url}/slow`, { method: 'POST' });
    await entered;

    const drained = inflight.drain(10_000);
    expect(await settled(drained)).toBe(false);
    const refused = await fetch(`${url}/quick`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'UNAVAILABLE' });

    release();
    expect(await (await slow).json()).toEqual({ done: true });
    await drained;
  });

  it('keeps counting a handler whose client went away until the handler is done', async () => {
    const inflight = new InFlight();
    const { url, entered, release } = await serve(inflight);
    const abort = new AbortController();
    const slow = fetch(`${url}/slow`, { method: 'POST', signal: abort.signal }).catch(() => 'aborted');
    await entered;
    abort.abort();
    expect(await slow).toBe('aborted');

    const drained = inflight.drain(10_000);
    expect(await settled(drained)).toBe(false);
    release();
    await drained;
  });

  it('stops counting handlers that answered or failed', async () => {
    const inflight = new InFlight();
    const { url } = await serve(inflight);
    expect((await fetch(`${url}/quick`)).status).toBe(200);
    expect((await fetch(`${url}/fails`)).status).toBe(409);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    expect(await settled(inflight.drain(10_000))).toBe(true);
  });
});
