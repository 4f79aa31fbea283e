import type { Cluster, Redis } from 'ioredis';
import type { Config } from '../../config.ts';

/** What the adapter needs to know: the store's Redis, and the cluster of `sharded` (REDIS_ADAPTER_NODES). */
export interface RedisAdapterOptions {
  url: string;
  prefix: string;
  kind: Config['REDIS_ADAPTER'];
  /** `host:port` of some nodes of the Redis Cluster (the client discovers the rest); `sharded` only. */
  clusterNodes: readonly { host: string; port: number }[];
  /** The store is on that cluster too (REDIS_CLUSTER_NODES): so are the presence and delay boards. */
  boardOnCluster?: boolean;
}

/**
 * Socket.IO's Redis adapter: broadcasts from any node reach the clients of every node, through
 * Redis pub/sub, a Redis stream (`streams`, which the streams adapter reads with connections of
 * its own), or the sharded pub/sub of a Redis Cluster (`sharded`: SPUBLISH/SSUBSCRIBE, Redis ≥ 7).
 *
 * `sharded` gives every room its own channel (`subscriptionMode: 'dynamic'`), and a channel lives
 * on the primary that owns its slot: the sessions' rooms spread over the cluster's primaries,
 * where classic pub/sub copies every message to every node of a cluster. One room's broadcasts
 * (one plenary) still go through one primary. It uses ioredis's `Cluster` with
 * `shardedSubscribers` (one subscriber connection per primary, which follows slot moves), supported
 * by ioredis since 5.9; the adapter calls `ssubscribe`/`spublish` on it and listens to
 * `smessageBuffer`, which the cluster client re-emits from every primary.
 *
 * `board` runs the presence and delay boards' commands (cluster/): with `sharded`, the publishing
 * cluster client when the store is on the cluster (`boardOnCluster`), else a connection to REDIS_URL.
 */
export async function redisAdapter(options: RedisAdapterOptions, log: (error: Error) => void) {
  const { url, prefix, kind } = options;
  // Loaded when Redis is configured: a node on the embedded store never loads them (see app.ts).
  const [{ Cluster, Redis }, { createAdapter, createShardedAdapter }, streams] = await Promise.all([
    import('ioredis'),
    import('@socket.io/redis-adapter'),
    import('@socket.io/redis-streams-adapter'),
  ]);
  const connect = () => {
    const pub = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'agora-pub' });
    pub.on('error', log);
    return pub;
  };
  if (kind === 'sharded') {
    if (options.clusterNodes.length === 0) throw new Error('REDIS_ADAPTER=sharded needs cluster nodes');
    const nodes = options.clusterNodes.map((n) => ({ host: n.host, port: n.port }));
    const spub = new Cluster(nodes, {
      redisOptions: { maxRetriesPerRequest: null, connectionName: 'agora-spub' },
    });
    const ssub = new Cluster(nodes, {
      shardedSubscribers: true,
      redisOptions: { maxRetriesPerRequest: null, connectionName: 'agora-ssub' },
    });
    spub.on('error', log);
    ssub.on('error', log);
    // The cluster client has a single connection's commands (ioredis' Commander); the boards use
    // only single-key commands and scripts with their key declared (cluster/).
    const board = options.boardOnCluster === true ? null : connect();
    return {
      board: board ?? (spub as unknown as Redis),
      connections: {
        ...(board ? { 'adapter-board': board } : {}),
        'adapter-pub': spub,
        'adapter-sub': ssub,
      } as Record<string, Redis | Cluster>,
      adapter: createShardedAdapter(spub, ssub, {
        channelPrefix: `${prefix}socket.io`,
        subscriptionMode: 'dynamic',
      }),
      close: async () => {
        await Promise.allSettled([board?.quit(), spub.quit(), ssub.quit()]);
      },
    };
  }
  const pub = connect();
  if (kind === 'streams') {
    return {
      board: pub,
      connections: { 'adapter-pub': pub } as Record<string, Redis | Cluster>,
      adapter: streams.createAdapter(pub, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        onlyPlaintext: true,
      }),
      close: async () => {
        await pub.quit().catch(() => undefined);
      },
    };
  }
  // The subscriber connection cannot run other commands, hence two clients of their own.
  const sub = pub.duplicate({ connectionName: 'agora-sub' });
  sub.on('error', log);
  return {
    /** Also runs the presence board's commands (the adapter only publishes on it). */
    board: pub,
    /** For `/metrics`: the state of each connection. */
    connections: { 'adapter-pub': pub, 'adapter-sub': sub } as Record<string, Redis | Cluster>,
    adapter: createAdapter(pub, sub, { key: `${prefix}socket.io` }),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
