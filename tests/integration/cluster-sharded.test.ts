import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import {
  closeAllSockets,
  nextEvent,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// Broadcasts over a real Redis Cluster's sharded pub/sub (REDIS_ADAPTER=sharded): two real nodes,
// the store on its own redis-server, the adapter on three primaries started by the test.

let redis: RedisServer;
let cluster: RedisCluster;
let prefix: string;
const started: RunningServer[] = [];

beforeAll(async () => {
  [redis, cluster] = await Promise.all([startRedis({ appendonly: true }), startRedisCluster(3)]);
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: (prefix = randomPrefix()),
    SECRET: randomBytes(32).toString('base64url'),
    REDIS_ADAPTER: 'sharded',
    REDIS_ADAPTER_NODES: cluster.nodes.join(','),
  };
  const a = await startServer({ env });
  started.push(a, await startServer({ env, dataDir: a.dataDir }));
}, 90_000);

afterAll(async () => {
  closeAllSockets();
  for (const server of started) await server.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await Promise.all([redis?.stop(), cluster?.stop()]);
});

/** The sharded channels each primary carries, by primary. */
async function shardChannels(): Promise<string[][]> {
  return Promise.all(
    cluster.servers.map(async (s) => {
      const node = new Redis(s.port, '127.0.0.1');
      const channels = (await node.call('PUBSUB', 'SHARDCHANNELS', `${prefix}*`)) as string[];
      node.disconnect();
      return channels;
    }),
  );
}

describe('two nodes sharing broadcasts through a Redis Cluster (sharded pub/sub)', () => {
  it('carries a question, the screen and a ballot between the clients of both nodes', async () => {
    const [a, b] = started as [RunningServer, RunningServer];
    const session = a.demo.plenarySessionId;
    const mod = await actor(a, 'moderator', 0);
    const projector = await actor(a, 'projector', 0);
    const voter = await actor(b, 'participant', 0);
    const phone = await actor(b, 'participant', 2);
    await ok(mod.socket, 'moderation:join', { sessionId: session });
    await ok(projector.socket, 'session:join', { sessionId: session });
    await ok(phone.socket, 'session:join', { sessionId: session });

    const queued = nextEvent(mod.socket, 'qa:moderation', (d) =>
      d.upsert.some((q) => q.text.includes('shard')),
    );
    const mine = await ok(voter.socket, 'question:ask', {
      sessionId: session,
      clientId: clientId(),
      text: 'Une question qui passe par un shard ?',
      anonymous: false,
    });
    expect((await queued).upsert[0]?.id).toBe(mine.id);

    // A broadcast from node A reaches a phone on node B.
    const shown = nextEvent(phone.socket, 'live:state', (s) => s.screen?.id === mine.id);
    await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'question', id: mine.id } });
    expect((await shown).sessionId).toBe(session);

    const draft = await ok(mod.socket, 'poll:create', {
      sessionId: session,
      draft: { question: 'Par un shard ?', kind: 'single', options: ['Oui', 'Non'] },
    });
    const poll = await ok(mod.socket, 'poll:open', { pollId: draft.id });
    // A ballot on node B shows on node A's clients (moderator and the projector's socket).
    const onModerator = nextEvent(
      mod.socket,
      'poll:results',
      (r) => r.pollId === poll.id && r.all.ballots === 1,
    );
    const onProjector = nextEvent(
      projector.socket,
      'poll:results',
      (r) => r.pollId === poll.id && r.all.ballots === 1,
    );
    await ok(voter.socket, 'poll:vote', {
      pollId: poll.id,
      clientId: clientId(),
      choices: [poll.options[0]!.id],
    });
    expect((await onModerator).all.counts[poll.options[0]!.id]).toBe(1);
    expect((await onProjector).all.counts[poll.options[0]!.id]).toBe(1);

    // It went through the cluster's sharded channels (one per room), not the store's Redis.
    const byPrimary = await shardChannels();
    const all = byPrimary.flat();
    expect(all.length).toBeGreaterThan(2);
    expect(all.every((c) => c.startsWith(`${prefix}socket.io#/#`))).toBe(true);
    const store = new Redis(redis.url);
    expect(await store.call('PUBSUB', 'CHANNELS', `${prefix}*`)).toEqual([]);
    store.disconnect();
    // Each channel sits on the primary that owns its slot.
    for (const [i, channels] of byPrimary.entries()) {
      const node = new Redis(cluster.servers[i]!.port, '127.0.0.1');
      const slots = (await node.call('CLUSTER', 'SLOTS')) as [number, number, ...unknown[]][];
      const mine = slots.filter((s) => (s[2] as [string, number])[1] === cluster.servers[i]!.port);
      for (const channel of channels) {
        const slot = Number(await node.call('CLUSTER', 'KEYSLOT', channel));
        expect(mine.some(([from, to]) => slot >= from && slot <= to)).toBe(true);
      }
      node.disconnect();
    }
  });
});
