import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import { createOrganizerCli, loginOrganizer } from '../support/organizer.ts';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import { closeAllSockets, nextEvent, ok, serverFleet, startServer } from '../support/server-process.ts';

// Two real nodes over a real Redis Cluster of three primaries started by the test: with only the
// broadcasts there (REDIS_ADAPTER=sharded, REDIS_ADAPTER_NODES; the store on its own redis-server),
// and with everything there (REDIS_CLUSTER_NODES: the store, the broadcasts and the boards).

/** Two nodes on a fresh Redis Cluster (and a store's redis-server when `storeApart`), stopped after the block. */
function twoNodes(storeApart: boolean) {
  const fleet = serverFleet();
  const ctx = {
    prefix: randomPrefix(),
    cluster: undefined as unknown as RedisCluster,
    redis: undefined as RedisServer | undefined,
  };
  beforeAll(async () => {
    [ctx.redis, ctx.cluster] = await Promise.all([
      storeApart ? startRedis({ appendonly: true }) : undefined,
      startRedisCluster(3),
    ]);
    const env = {
      REDIS_URL: ctx.redis?.url ?? `redis://${ctx.cluster.nodes[0]}`,
      REDIS_PREFIX: ctx.prefix,
      SECRET: randomBytes(32).toString('base64url'),
      REDIS_ADAPTER: 'sharded',
      [storeApart ? 'REDIS_ADAPTER_NODES' : 'REDIS_CLUSTER_NODES']: ctx.cluster.nodes.join(','),
    };
    // As the operator's guide goes: the organizer's account first, on the empty store, then the nodes.
    await createOrganizerCli(await mkdtemp(join(tmpdir(), 'agora-cli-')), undefined, env);
    const a = await startServer({ env });
    fleet.started.push(a, await startServer({ env, dataDir: a.dataDir }));
  }, 90_000);
  afterAll(async () => {
    closeAllSockets();
    await fleet.stop();
    await Promise.all([ctx.redis?.stop(), ctx.cluster?.stop()]);
  });
  return { ctx, fleet };
}

/** The sharded channels each primary carries, by primary. */
function shardChannels(cluster: RedisCluster, prefix: string): Promise<string[][]> {
  return Promise.all(
    cluster.servers.map(async (s) => {
      const node = new Redis(s.port, '127.0.0.1');
      const channels = (await node.call('PUBSUB', 'SHARDCHANNELS', `${prefix}*`)) as string[];
      node.disconnect();
      return channels;
    }),
  );
}

/**
 * A question asked on node B reaches the moderator on A, the screen changed on A reaches a phone on
 * B, a ballot on B shows on A's moderator and projector. Returns the session and the poll.
 */
async function acrossNodes(
  fleet: ReturnType<typeof serverFleet>,
): Promise<{ session: string; pollId: string }> {
  const [a, b] = fleet.started;
  const session = a!.demo.plenarySessionId;
  const mod = await actor(a!, 'moderator', 0);
  const projector = await actor(a!, 'projector', 0);
  const voter = await actor(b!, 'participant', 0);
  const phone = await actor(b!, 'participant', 2);
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

  const shown = nextEvent(phone.socket, 'live:state', (s) => s.screen?.id === mine.id);
  await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'question', id: mine.id } });
  expect((await shown).sessionId).toBe(session);

  const draft = await ok(mod.socket, 'poll:create', {
    sessionId: session,
    draft: { question: 'Par un shard ?', kind: 'single', options: ['Oui', 'Non'] },
  });
  const poll = await ok(mod.socket, 'poll:open', { pollId: draft.id });
  const counted = (socket: typeof mod.socket) =>
    nextEvent(socket, 'poll:results', (r) => r.pollId === poll.id && r.all.ballots === 1);
  const onModerator = counted(mod.socket);
  const onProjector = counted(projector.socket);
  await ok(voter.socket, 'poll:vote', {
    pollId: poll.id,
    clientId: clientId(),
    choices: [poll.options[0]!.id],
  });
  expect((await onModerator).all.counts[poll.options[0]!.id]).toBe(1);
  expect((await onProjector).all.counts[poll.options[0]!.id]).toBe(1);
  return { session, pollId: poll.id };
}

describe('two nodes sharing broadcasts through a Redis Cluster (sharded pub/sub)', () => {
  const { ctx, fleet } = twoNodes(true);

  it('carries a question, the screen and a ballot between the clients of both nodes', async () => {
    await acrossNodes(fleet);
    const { cluster, prefix } = ctx;
    // It went through the cluster's sharded channels (one per room), not the store's Redis.
    const byPrimary = await shardChannels(cluster, prefix);
    const all = byPrimary.flat();
    expect(all.length).toBeGreaterThan(2);
    expect(all.every((c) => c.startsWith(`${prefix}socket.io#/#`))).toBe(true);
    const store = new Redis(ctx.redis!.url);
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

describe('two nodes with the store and the broadcasts on a Redis Cluster', () => {
  const { ctx, fleet } = twoNodes(false);

  it('lets in the organizer whose account was created before any node started', async () => {
    for (const node of fleet.started) expect((await loginOrganizer(node.url)).token).toBeTruthy();
  });

  it('carries a question, the screen and a ballot between the clients of both nodes', async () => {
    const { session, pollId } = await acrossNodes(fleet);
    const { cluster, prefix } = ctx;
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
        `poll:{${session}}:${pollId}:tally`,
        `presence:{${session}}`,
      ]),
    );
    expect(new Set(await Promise.all(sessionKeys.map(slotOf))).size).toBe(1);
    expect(await slotOf(`${prefix}{g}:editions`)).not.toBe(await slotOf(sessionKeys[0]!));
    expect((await shardChannels(cluster, prefix)).flat().length).toBeGreaterThan(2);
  });
});
