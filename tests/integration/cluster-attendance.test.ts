import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyAttendance, type WatchBeat } from '@agora/shared';
import { actor } from '../support/actors.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import { withRedisStore } from '../support/seed.ts';
import {
  closeAllSockets,
  getJson,
  nextEvent,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// Attendance over two real nodes sharing a real redis-server: one person's tabs on both nodes are
// counted once, and a moderator on one node sees the delay measured by viewers of the other.

let redis: RedisServer;
const started: RunningServer[] = [];
const env = { REDIS_URL: '', REDIS_PREFIX: randomPrefix(), SECRET: randomBytes(32).toString('base64url') };

beforeAll(async () => {
  redis = await startRedis();
  env.REDIS_URL = redis.url;
  const a = await startServer({ env });
  started.push(a);
  // The second node shares the first one's data folder only to read the demo codes it printed.
  started.push(await startServer({ env, dataDir: a.dataDir }));
  await withRedisStore({ url: redis.url, prefix: env.REDIS_PREFIX, secret: env.SECRET }, (seed) =>
    seed.runningNow(a.demo.plenarySessionId),
  );
});

afterAll(async () => {
  closeAllSockets();
  for (const server of started) await server.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await redis?.stop();
});

describe('attendance over two nodes', () => {
  it('counts one person’s tabs on two nodes once, and sends the delay measured on one node to moderators of the other', async () => {
    const [a, b] = started as [RunningServer, RunningServer];
    const sessionId = a.demo.plenarySessionId;
    const startedAt = Date.now();
    const beat = (tabId: string, behindLiveSeconds: number): WatchBeat => ({
      sessionId,
      tabId,
      mode: 'live',
      positionSeconds: 60,
      behindLiveSeconds,
      playing: true,
    });
    const mod = await actor(a, 'moderator', 0);
    await ok(mod.socket, 'moderation:join', { sessionId });
    const measured = nextEvent(mod.socket, 'delay:measured', (d) => d.viewers === 2);

    const onA = await actor(a, 'participant', 1, 'remote');
    const onB = await actor(b, 'participant', 1, 'remote');
    const other = await actor(b, 'participant', 2, 'remote');
    expect(onA.me.id).toBe(onB.me.id);
    expect(await ok(onA.socket, 'watch:beat', beat('tab-on-node-a', 8))).toEqual({ counted: true });
    expect(await ok(onB.socket, 'watch:beat', beat('tab-on-node-b', 9))).toEqual({ counted: true });
    expect(await ok(other.socket, 'watch:beat', beat('tab-of-other', 21))).toEqual({ counted: true });

    expect(await measured).toMatchObject({ sessionId, viewers: 2, medianSeconds: 9, p90Seconds: 21 });

    const mine = await getJson(b.url, `/api/editions/${b.demo.slug}/attendance`, MyAttendance, {
      authorization: `Bearer ${onA.token}`,
    });
    const minutes = mine.sessions.find((s) => s.sessionId === sessionId)?.liveMinutes ?? 0;
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(minutes).toBeLessThanOrEqual(Math.floor((Date.now() - startedAt) / 60_000) + 2);
  });
});
