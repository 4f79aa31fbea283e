import type { Redis } from 'ioredis';
import type { DelayBoard } from '../modules/attendance/delay-board.ts';

/*
 * Keys, under the prefix: delay:<sessionId>  hash  viewer id → '<seconds>:<at ms>' (expires with
 * the session's last report, after `ttlMs`); delay:sessions  sorted set  session id → last report.
 * One HSET, one PEXPIRE and one ZADD per live beat (pipelined, one round trip); a read is one
 * HGETALL of the session's viewers, pruned of the stale ones on the way.
 */
export class RedisDelayBoard implements DelayBoard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  private key(sessionId: string): string {
    return `${this.prefix}delay:${sessionId}`;
  }

  async report(sessionId: string, viewerId: string, behindSeconds: number, at: number): Promise<void> {
    await this.redis
      .pipeline()
      .hset(this.key(sessionId), viewerId, `${behindSeconds}:${at}`)
      .pexpire(this.key(sessionId), this.ttlMs)
      .zadd(`${this.prefix}delay:sessions`, at, sessionId)
      .exec();
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
    await this.redis.zremrangebyscore(`${this.prefix}delay:sessions`, '-inf', `(${since}`);
    return this.redis.zrange(`${this.prefix}delay:sessions`, 0, -1);
  }
}
