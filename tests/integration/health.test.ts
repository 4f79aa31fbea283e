import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Liveness, Readiness, type MyQuestion } from '@agora/shared';
import { actor, clientId } from '../support/actors.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import {
  closeAllSockets,
  codeOf,
  command,
  errorOf,
  ok,
  postJoin,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const started: RunningServer[] = [];
let redis: RedisServer | undefined;

afterAll(async () => {
  closeAllSockets();
  for (const server of started) await server.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await redis?.stop();
});

async function readyz(url: string): Promise<{ status: number; body: Readiness }> {
  const res = await request(url, '/readyz');
  return { status: res.status, body: Readiness.parse(res.body) };
}

async function healthz(url: string): Promise<number> {
  const res = await request(url, '/healthz');
  Liveness.parse(res.body);
  return res.status;
}

/**
 * Polls until `/readyz` answers `status`: nothing announces that a node reconnected to Redis or
 * started draining but the endpoint itself, which is what a load balancer polls too.
 */
async function readyzBecomes(url: string, status: number, withinMs = 15_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    if ((await readyz(url)).status === status) return;
    if (performance.now() > deadline)
      throw new Error(`/readyz did not answer ${status} within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Readiness = ReturnType<typeof Readiness.parse>;

// Skipped only with an external REDIS_URL: a server these tests do not own cannot be stopped and restarted.
describe.skipIf(Boolean(process.env.REDIS_URL))(
  'health with a real redis-server stopped and restarted',
  () => {
    let server: RunningServer;

    beforeAll(async () => {
      redis = await startRedis({ appendonly: true });
      server = await startServer({
        env: {
          REDIS_URL: redis.url,
          REDIS_PREFIX: randomPrefix(),
          SECRET: randomBytes(32).toString('base64url'),
        },
      });
      started.push(server);
    });

    it('says alive and ready while Redis answers', async () => {
      expect(await healthz(server.url)).toBe(200);
      expect(await readyz(server.url)).toEqual({
        status: 200,
        body: { status: 'ready', store: 'redis', draining: false },
      });
    });

    it('says not ready while its broadcast subscriber is cut off from Redis, and ready once it is back', async () => {
      // The store's connection stays up; the subscriber's is cut and its reconnects refused (a Redis
      // with no room for one more client), as when the two come back at different times after a
      // restart (ioredis retries each on its own, up to 2 s apart). Meanwhile this node would take
      // new participants and miss every broadcast published by the other nodes.
      const admin = new Redis(redis!.url, { maxRetriesPerRequest: 1, lazyConnect: true });
      await admin.connect();
      const subscribed = async () =>
        ((await admin.client('LIST')) as string)
          .split('\n')
          .filter((line) => / name=agora-sub /.test(line) && !/ sub=0 psub=0 /.test(line)).length;
      try {
        expect(await subscribed()).toBe(1);
        const clients = ((await admin.client('LIST')) as string).trim().split('\n').length;
        await admin.config('SET', 'maxclients', String(clients - 1));
        await admin.client('KILL', 'TYPE', 'pubsub');
        await readyzBecomes(server.url, 503, 5_000);
        const cut = await readyz(server.url);
        expect(cut.body).toMatchObject({ status: 'unavailable', store: 'redis', draining: false });
        expect(cut.body.reason).toMatch(/^broadcasts: adapter-sub /);
        expect(await healthz(server.url)).toBe(200);

        await admin.config('SET', 'maxclients', '10000');
        await readyzBecomes(server.url, 200, 10_000);
        await expect.poll(subscribed, { timeout: 5_000 }).toBe(1);
      } finally {
        await admin.config('SET', 'maxclients', '10000').catch(() => undefined);
        admin.disconnect();
      }
    });

    it('fails joins and commands fast with UNAVAILABLE while Redis is down, and works again once it is back, with nothing acknowledged lost', async () => {
      const session = server.demo.plenarySessionId;
      const asker = await actor(server, 'participant', 0);
      const acked: MyQuestion = await ok(asker.socket, 'question:ask', {
        sessionId: session,
        clientId: clientId(),
        text: 'Acquittée avant l’arrêt de Redis ?',
        anonymous: false,
      });

      await redis!.kill('SIGKILL');
      const notReady = await readyz(server.url);
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({ status: 'unavailable', store: 'redis', draining: false });
      expect(notReady.body.reason).toMatch(/^store: /);
      expect(await healthz(server.url)).toBe(200);
      expect((await request(server.url, '/api/health')).status).toBe(503);

      let t0 = performance.now();
      const join = await postJoin(server.url, server.demo.slug, {
        code: codeOf(server.demo, 'participant', 1).code,
      });
      expect(performance.now() - t0).toBeLessThan(2_500);
      expect(errorOf(join)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });

      const during = {
        sessionId: session,
        clientId: clientId(),
        text: 'Envoyée pendant que Redis est arrêté ?',
        anonymous: false,
      };
      t0 = performance.now();
      const refused = await command(asker.socket, 'question:ask', during);
      expect(performance.now() - t0).toBeLessThan(2_500);
      expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

      await redis!.restart();
      await readyzBecomes(server.url, 200);
      // The outbox's re-send, with the same client id, now goes through; the join too.
      const resent: MyQuestion = await ok(asker.socket, 'question:ask', during);
      const second = await actor(server, 'participant', 1);
      expect(second.me.role).toBe('participant');
      const mod = await actor(server, 'moderator', 0);
      const ids = (await ok(mod.socket, 'moderation:join', { sessionId: session })).qa.questions.map(
        (q) => q.id,
      );
      expect(ids).toEqual(expect.arrayContaining([acked.id, resent.id]));
    });
  },
);

describe('health while a node shuts down', () => {
  it('answers /readyz 503 from the first moment of a shutdown while /healthz still answers 200', async () => {
    const server = await startServer({ env: { SHUTDOWN_DELAY_SECONDS: '5' } });
    started.push(server);
    expect((await readyz(server.url)).status).toBe(200);
    server.child.kill('SIGTERM');
    await readyzBecomes(server.url, 503, 4_000);
    expect((await readyz(server.url)).body).toMatchObject({ status: 'unavailable', draining: true });
    expect(await healthz(server.url)).toBe(200);
    // Still serving everyone meanwhile: the load balancer sends new clients elsewhere first.
    expect((await request(server.url, `/api/editions/${server.demo.slug}`)).status).toBe(200);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
