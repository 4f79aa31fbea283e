import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.ts';
import { randomPrefix } from '../support/redis-server.ts';
import {
  closeAllSockets,
  nextEvent,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// Everything on a real Redis Cluster of three primaries started by the test (REDIS_CLUSTER_NODES):
// the store, the broadcasts (sharded pub/sub) and the boards; two real nodes.

let cluster: RedisCluster;
let prefix: string;
const started: RunningServer[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  const env = {
    REDIS_URL: `redis://${cluster.nodes[0]}`,
    REDIS_PREFIX: (prefix = randomPrefix()),
    SECRET: randomBytes(32).toString('base64url'),
    REDIS_ADAPTER: 'sharded',
    REDIS_CLUSTER_NODES: cluster.nodes.join(','),
  };
  const a = await startServer({ env });
  started.push(a, await startServer({ env, dataDir: a.dataDir }));
}, 90_000);

afterAll(async () => {
  closeAllSockets();
  for (const server of started) await server.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await cluster?.stop();
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

describe('two nodes with the store and the broadcasts on a Redis Cluster', () => {
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

    // The session's keys (store, presence) share one slot; the edition's data is in another.
    const keys = (
      await Promise.all(
        cluster.servers.map(async (s) => {
          const node = new Redis(s.port, '127.0.0.1');
          const found = await node.keys(`${prefix}*`);
          node.disconnect();
          return found;
        }),
      )
    ).flat();
    const slotOf = async (key: string) => Number(await cluster.client.call('CLUSTER', 'KEYSLOT', key));
    const sessionKeys = keys.filter((k) => k.includes(`{${session}}`));
    expect(sessionKeys.map((k) => k.slice(prefix.length))).toEqual(
      expect.arrayContaining([
        `session:{${session}}`,
        `poll:{${session}}:${poll.id}:tally`,
        `presence:{${session}}`,
      ]),
    );
    expect(new Set(await Promise.all(sessionKeys.map(slotOf))).size).toBe(1);
    expect(await slotOf(`${prefix}{g}:editions`)).not.toBe(await slotOf(sessionKeys[0]!));
    expect((await shardChannels()).flat().length).toBeGreaterThan(2);
  });
});
