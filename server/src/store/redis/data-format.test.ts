import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomPrefix, startRedis, type RedisServer } from '../../../../tests/support/redis-server.ts';
import { NewerDataFormatError } from '../newer-data-error.ts';
import { ensureRedisDataFormat, REDIS_DATA_FORMAT } from './data-format.ts';

let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

describe('the Redis data format key', () => {
  it('records the current format on an empty prefix', async () => {
    const prefix = randomPrefix();
    expect(await ensureRedisDataFormat(redis, prefix)).toBe(REDIS_DATA_FORMAT);
    expect(await redis.get(`${prefix}meta:format`)).toBe(String(REDIS_DATA_FORMAT));
  });

  it('takes data without the key as format 1 (written before it existed) and upgrades it, keeping the data', async () => {
    const prefix = randomPrefix();
    await redis.hset(`${prefix}edition:e1`, 'slug', 'e-one');
    expect(await ensureRedisDataFormat(redis, prefix)).toBe(1);
    expect(await redis.get(`${prefix}meta:format`)).toBe(String(REDIS_DATA_FORMAT));
    expect(await redis.hget(`${prefix}edition:e1`, 'slug')).toBe('e-one');
    expect(await redis.exists(`${prefix}meta:migrating`)).toBe(0);
    // The next start finds it current.
    expect(await ensureRedisDataFormat(redis, prefix)).toBe(REDIS_DATA_FORMAT);
  });

  it('migrates once when several nodes start together', async () => {
    const prefix = randomPrefix();
    await redis.set(`${prefix}something`, 'x');
    const nodes = [redis, redis.duplicate(), redis.duplicate()];
    const found = await Promise.all(nodes.map((r) => ensureRedisDataFormat(r, prefix)));
    expect(found.filter((f) => f === 1).length).toBe(1);
    for (const r of nodes.slice(1)) r.disconnect();
  });

  it('does not migrate again for a node that read the old format while another was migrating', async () => {
    const prefix = randomPrefix();
    await redis.set(`${prefix}something`, 'x');
    // A real second connection whose lock attempt is held until the first node has migrated and
    // let the lock go: the interleaving the full suite hit once by chance (the steps ran twice).
    const late = redis.duplicate();
    let reachedLock!: () => void;
    const atLock = new Promise<void>((resolve) => (reachedLock = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = new Proxy(late, {
      get(target, name) {
        if (name === 'set') {
          return async (...args: Parameters<Redis['set']>) => {
            if (args.includes('NX')) {
              reachedLock();
              await gate;
            }
            return (target.set as (...a: unknown[]) => Promise<unknown>)(...args);
          };
        }
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const lateRun = ensureRedisDataFormat(held, prefix);
    await atLock;
    expect(await ensureRedisDataFormat(redis, prefix)).toBe(1);
    release();
    expect(await lateRun).toBe(REDIS_DATA_FORMAT);
    late.disconnect();
  });

  it('refuses data recorded by a newer version', async () => {
    const prefix = randomPrefix();
    await redis.set(`${prefix}meta:format`, String(REDIS_DATA_FORMAT + 1));
    await expect(ensureRedisDataFormat(redis, prefix)).rejects.toThrow(NewerDataFormatError);
  });
});
