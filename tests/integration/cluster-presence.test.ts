import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, type Actor } from '../support/actors.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import {
  closeAllSockets,
  nextEvent,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// Presence over two real nodes sharing a real redis-server: each node writes its own counts per
// session to Redis and every reader sums the nodes' shares.

let redis: RedisServer;
const started: RunningServer[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: randomPrefix(),
    SECRET: randomBytes(32).toString('base64url'),
  };
  const a = await startServer({ env });
  started.push(a);
  // The second node shares the first one's data folder only to read the demo codes it printed.
  started.push(await startServer({ env, dataDir: a.dataDir }));
});

afterAll(async () => {
  closeAllSockets();
  for (const server of started) await server.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await redis?.stop();
});

const total = (c: { onsite: number; remote: number }) => c.onsite + c.remote;

describe('presence over two nodes', () => {
  it('counts the participants of both nodes for moderators, and drops a stopped node’s share', async () => {
    const [a, b] = started as [RunningServer, RunningServer];
    const session = a.demo.plenarySessionId;
    const mod = await actor(a, 'moderator', 0);
    expect(total((await ok(mod.socket, 'moderation:join', { sessionId: session })).connected)).toBe(0);

    const join = async (server: RunningServer, n: number): Promise<Actor> => {
      const who = await actor(server, 'participant', n);
      await ok(who.socket, 'session:join', { sessionId: session });
      return who;
    };
    // The counts reach the moderator on node A, with node B's share in them.
    const counted = nextEvent(mod.socket, 'presence:counts', (c) => total(c) === 5);
    const onA = await Promise.all([0, 1, 2].map((n) => join(a, n)));
    const onB = await Promise.all([3, 4].map((n) => join(b, n)));
    const onsite = [...onA, ...onB].filter((p) => p.me.attendance === 'onsite').length;
    expect(await counted).toMatchObject({ sessionId: session, onsite, remote: 5 - onsite });
    const snapshot = await ok(mod.socket, 'moderation:join', { sessionId: session });
    expect(snapshot.connected).toEqual({ onsite, remote: 5 - onsite });
    const modOnB = await actor(b, 'moderator', 1);
    expect((await ok(modOnB.socket, 'moderation:join', { sessionId: session })).connected).toEqual({
      onsite,
      remote: 5 - onsite,
    });

    // Node B stops: its share goes with it, and moderators hear of it by A's next heartbeat.
    const dropped = nextEvent(mod.socket, 'presence:counts', (c) => total(c) === 3);
    await b.stop();
    const left = await dropped;
    const onsiteOnA = onA.filter((p) => p.me.attendance === 'onsite').length;
    expect(left).toMatchObject({ onsite: onsiteOnA, remote: 3 - onsiteOnA });
    expect((await ok(mod.socket, 'moderation:join', { sessionId: session })).connected).toEqual({
      onsite: onsiteOnA,
      remote: 3 - onsiteOnA,
    });
  });
});
