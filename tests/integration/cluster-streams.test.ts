import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import {
  closeAllSockets,
  nextEvent,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// The other way to share broadcasts (REDIS_ADAPTER=streams, @socket.io/redis-streams-adapter):
// two real nodes and a real redis-server, the paths that go between nodes.

let redis: RedisServer;
let prefix: string;
const started: RunningServer[] = [];

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: (prefix = randomPrefix()),
    SECRET: randomBytes(32).toString('base64url'),
    REDIS_ADAPTER: 'streams',
  };
  const a = await startServer({ env });
  started.push(a, await startServer({ env, dataDir: a.dataDir }));
}, 60_000);

afterAll(async () => {
  closeAllSockets();
  for (const server of started) await server.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await redis?.stop();
});

describe('two nodes sharing broadcasts through a Redis stream', () => {
  it('carries a question, the screen and live results between the clients of both nodes', async () => {
    const [a, b] = started as [RunningServer, RunningServer];
    const session = a.demo.plenarySessionId;
    const mod = await actor(a, 'moderator', 0);
    const voter = await actor(b, 'participant', 0);
    const watcher = await actor(b, 'participant', 1);
    await ok(mod.socket, 'moderation:join', { sessionId: session });
    await ok(watcher.socket, 'session:join', { sessionId: session });

    const queued = nextEvent(mod.socket, 'qa:moderation', (d) =>
      d.upsert.some((q) => q.text.includes('flux')),
    );
    const mine = await ok(voter.socket, 'question:ask', {
      sessionId: session,
      clientId: clientId(),
      text: 'Une question qui passe par le flux Redis ?',
      anonymous: false,
    });
    expect((await queued).upsert[0]?.id).toBe(mine.id);

    const shown = nextEvent(watcher.socket, 'live:state', (s) => s.screen?.id === mine.id);
    await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'question', id: mine.id } });
    expect((await shown).sessionId).toBe(session);

    const draft = await ok(mod.socket, 'poll:create', {
      sessionId: session,
      draft: { question: 'Par le flux ?', kind: 'single', options: ['Oui', 'Non'] },
    });
    const poll = await ok(mod.socket, 'poll:open', { pollId: draft.id });
    // A ballot on node B: node A's moderator hears of it through B's signal, and B's watcher directly.
    const onA = nextEvent(mod.socket, 'poll:results', (r) => r.pollId === poll.id && r.all.ballots === 1);
    const onB = nextEvent(watcher.socket, 'poll:results', (r) => r.pollId === poll.id && r.all.ballots === 1);
    await ok(voter.socket, 'poll:vote', {
      pollId: poll.id,
      clientId: clientId(),
      choices: [poll.options[0]!.id],
    });
    expect((await onA).all.counts[poll.options[0]!.id]).toBe(1);
    expect((await onB).final).toBe(false);

    // It went through the stream, not pub/sub.
    const client = new Redis(redis.url);
    expect(await client.type(`${prefix}socket.io`)).toBe('stream');
    expect(await client.xlen(`${prefix}socket.io`)).toBeGreaterThan(0);
    client.disconnect();
  });
});
