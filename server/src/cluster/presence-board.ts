import type { Redis } from 'ioredis';
import type { PresenceBoard, PresenceCounts } from '../modules/presence.ts';

/*
 * Key, under the prefix: presence:<sessionId>  hash  node id → '<onsite>:<remote>:<expires at, ms>'.
 * Expiry times come from the Redis server's clock (TIME), so nodes' clocks never disagree; the key
 * itself expires when no node refreshes it.
 */

const now = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** ARGV: prefix, nodeId, ttlMs, then per session: id, onsite, remote */
const publish = `${now}
local P, node, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
for i = 4, #ARGV, 3 do
  local key = P .. 'presence:' .. ARGV[i]
  if ARGV[i + 1] == '0' and ARGV[i + 2] == '0' then
    redis.call('HDEL', key, node)
  else
    redis.call('HSET', key, node, ARGV[i + 1] .. ':' .. ARGV[i + 2] .. ':' .. (now + ttl))
    redis.call('PEXPIRE', key, ttl)
  end
end
return 1
`;

/** ARGV: prefix, sessionId → {onsite, remote}; expired shares are dropped on the way */
const total = `${now}
local key = ARGV[1] .. 'presence:' .. ARGV[2]
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
  agoraPresencePublish(...args: (string | number)[]): Promise<number>;
  agoraPresenceTotal(prefix: string, sessionId: string): Promise<[number, number]>;
};

/** The presence board of a cluster, in Redis: one small hash per session, one field per node. */
export class RedisPresenceBoard implements PresenceBoard {
  private readonly redis: Redis & Commands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('agoraPresencePublish', { numberOfKeys: 0, lua: publish });
    redis.defineCommand('agoraPresenceTotal', { numberOfKeys: 0, lua: total });
    this.redis = redis as Redis & Commands;
  }

  async publish(nodeId: string, shares: ReadonlyMap<string, PresenceCounts>, ttlMs: number): Promise<void> {
    if (shares.size === 0) return;
    const args = [...shares].flatMap(([sessionId, c]) => [sessionId, c.onsite, c.remote]);
    await this.redis.agoraPresencePublish(this.prefix, nodeId, ttlMs, ...args);
  }

  async total(sessionId: string): Promise<PresenceCounts> {
    const [onsite, remote] = await this.redis.agoraPresenceTotal(this.prefix, sessionId);
    return { onsite, remote };
  }
}
