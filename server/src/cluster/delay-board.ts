import type { Redis } from 'ioredis';
import type { DelayBoard } from '../modules/attendance/delay-board.ts';

/*
 * Keys, under the prefix: delay:{<sessionId>}  hash  viewer id → '<seconds>:<at ms>' (expires with
 * the session's last report, after `ttlMs`); {g}:delay:sessions  sorted set  session id → last
 * report (hash-tagged as the store's keys, so it runs on Redis Cluster: key-layout.ts).
 * One HSET, one PEXPIRE and one ZADD per live beat (sent together: one round trip on one primary;
 * on a cluster the session's and the edition-wide slots may be on two); a read is one HGETALL of the
 * session's viewers, pruned of the stale ones on the way.
 */
export class RedisDelayBoard implements DelayBoard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  private key(sessionId: string): string {
    return `${this.prefix}delay:{${sessionId}}`;
  }

  private get sessionsKey(): string {
    return `${this.prefix}{g}:delay:sessions`;
  }

  async report(sessionId: string, viewerId: string, behindSeconds: number, at: number): Promise<void> {
    await Promise.all([
      this.redis.hset(this.key(sessionId), viewerId, `${behindSeconds}:${at}`),
      this.redis.pexpire(this.key(sessionId), this.ttlMs),
      this.redis.zadd(this.sessionsKey, at, sessionId),
    ]);
  }

  async samples(sessionId: string, since: number): Promise<number[]> {
    const all = await this.redis.hgetall(this.key(sessionId));
    const fresh: number[] = [];
    const stale: string[] = [];
    for (const [viewer, value] of Object.entries(all)) {
      const [seconds, at] = value.split(':').map(Number) as [number, number];
      if (at >= since) fresh.push(seconds);
      else stale.push(viewer);
    }
    if (stale.length > 0) await this.redis.hdel(this.key(sessionId), ...stale);
    return fresh;
  }

  async sessions(since: number): Promise<string[]> {
    await this.redis.zremrangebyscore(this.sessionsKey, '-inf', `(${since}`);
    return this.redis.zrange(this.sessionsKey, 0, -1);
  }
}
