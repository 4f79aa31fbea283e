import type { Redis } from 'ioredis';
import type { FailureCount, FailureCounter } from '../modules/identity/failure-counter.ts';

/*
 * Key, under the prefix: failures:<scope>:<address>  string  the count; it expires with its window,
 * set at the first failure. INCR returns each value once per window to one caller, whichever node
 * it runs on, so a warning logged "at the 50th failure" is logged once in the whole cluster.
 */

/** KEYS[1] the count; ARGV[1] the window in ms → { count, ms left } */
const add = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }
`;

type Commands = {
  agoraFailureAdd(key: string, windowMs: number): Promise<[number, number]>;
};

/** The failure counter of a cluster, in Redis: one expiring integer per scope and address. */
export class RedisFailureCounter implements FailureCounter {
  private readonly redis: Redis & Commands;

  constructor(
    redis: Redis,
    /** e.g. `agora:failures:join:`; the address is appended. */
    private readonly keyPrefix: string,
    private readonly windowMs: number,
  ) {
    redis.defineCommand('agoraFailureAdd', { numberOfKeys: 1, lua: add });
    this.redis = redis as Redis & Commands;
  }

  async get(key: string): Promise<FailureCount> {
    const results = await this.redis
      .multi()
      .get(this.keyPrefix + key)
      .pttl(this.keyPrefix + key)
      .exec();
    const [count, ttl] = (results ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const failures = Number(count ?? 0);
    return failures > 0 && Number(ttl) > 0
      ? { failures, resetInMs: Number(ttl) }
      : { failures: 0, resetInMs: 0 };
  }

  async add(key: string): Promise<FailureCount> {
    const [failures, ttl] = await this.redis.agoraFailureAdd(this.keyPrefix + key, this.windowMs);
    return { failures, resetInMs: Math.max(0, ttl) };
  }
}
