import type { Redis } from 'ioredis';
import type { PresenceBoard, PresenceCounts } from '../modules/presence.ts';

/*
 * Key, under the prefix: presence:{<sessionId>}  hash  node id → '<onsite>:<remote>:<expires at, ms>'
 * (hash-tagged by session as the store's keys, so it runs on Redis Cluster: key-layout.ts).
 * Expiry times come from the Redis server's clock (TIME), so nodes' clocks never disagree; the key
 * itself expires when no node refreshes it.
 */

const now = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** KEYS: the session's presence key. ARGV: nodeId, ttlMs, onsite, remote */
const publish = `${now}
local key, node, ttl = KEYS[1], ARGV[1], tonumber(ARGV[2])
if ARGV[3] == '0' and ARGV[4] == '0' then
  redis.call('HDEL', key, node)
else
  redis.call('HSET', key, node, ARGV[3] .. ':' .. ARGV[4] .. ':' .. (now + ttl))
  redis.call('PEXPIRE', key, ttl)
end
return 1
`;

/** KEYS: the session's presence key → {onsite, remote}; expired shares are dropped on the way */
const total = `${now}
local key = KEYS[1]
local flat = redis.call('HGETALL', key)
local onsite, remote = 0, 0
for i = 1, #flat, 2 do
  local o, r, expires = string.match(flat[i + 1], '^(%d+):(%d+):(%d+)$')
  if expires and tonumber(expires) > now then
    onsite = onsite + tonumber(o)
    remote = remote + tonumber(r)
  else
    redis.call('HDEL', key, flat[i])
  end
end
return { onsite, remote }
`;

type Commands = {
  agoraPresencePublish(
    key: string,
    nodeId: string,
    ttlMs: number,
    onsite: number,
    remote: number,
  ): Promise<number>;
  agoraPresenceTotal(key: string): Promise<[number, number]>;
};

/**
 * The presence board of a cluster, in Redis: one small hash per session, one field per node. A
 * node's publish is one script run per session, sent together (one round trip on one primary; on a
 * cluster each goes to its session's primary).
 */
export class RedisPresenceBoard implements PresenceBoard {
  private readonly redis: Redis & Commands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('agoraPresencePublish', { numberOfKeys: 1, lua: publish });
    redis.defineCommand('agoraPresenceTotal', { numberOfKeys: 1, lua: total });
    this.redis = redis as Redis & Commands;
  }

  async publish(nodeId: string, shares: ReadonlyMap<string, PresenceCounts>, ttlMs: number): Promise<void> {
    await Promise.all(
      [...shares].map(([sessionId, c]) =>
        this.redis.agoraPresencePublish(this.key(sessionId), nodeId, ttlMs, c.onsite, c.remote),
      ),
    );
  }

  async total(sessionId: string): Promise<PresenceCounts> {
    const [onsite, remote] = await this.redis.agoraPresenceTotal(this.key(sessionId));
    return { onsite, remote };
  }

  private key(sessionId: string): string {
    return `${this.prefix}presence:{${sessionId}}`;
  }
}
