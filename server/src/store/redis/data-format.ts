import type { Redis } from 'ioredis';
import { NewerDataFormatError } from '../newer-data-error.ts';

/**
 * The format of what the Redis store keeps under its prefix, recorded in one key,
 * `<prefix>meta:format`. Data from before the key existed is format 1. Raise it when a key's
 * shape changes and add the step below: the first node to start runs it, the others wait.
 */
export const REDIS_DATA_FORMAT = 2;

/** `steps[k]` upgrades format k + 1 to k + 2, in place; each must be safe to run again after a crash. */
const steps: ((redis: Redis, prefix: string) => Promise<void>)[] = [
  // 1 → 2: no key changed shape; from now on the format is recorded.
  async () => {},
];

const MIGRATION_LOCK_MS = 60_000;

async function hasAnyKey(redis: Redis, prefix: string): Promise<boolean> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) return true;
    cursor = next;
  } while (cursor !== '0');
  return false;
}

/**
 * Run at start, before serving: reads the recorded format (none: 1 if the prefix holds data, else
 * nothing to upgrade), refuses a newer one, and runs the missing steps under a lock key so that
 * nodes starting together migrate once. Returns the format found.
 */
export async function ensureRedisDataFormat(redis: Redis, prefix: string): Promise<number> {
  const key = `${prefix}meta:format`;
  const lockKey = `${prefix}meta:migrating`;
  for (;;) {
    const recorded = await redis.get(key);
    const found =
      recorded === null ? ((await hasAnyKey(redis, prefix)) ? 1 : REDIS_DATA_FORMAT) : Number(recorded);
    if (!Number.isInteger(found) || found < 1) throw new Error(`${key} holds a bad data format: ${recorded}`);
    if (found > REDIS_DATA_FORMAT) {
      throw new NewerDataFormatError(found, REDIS_DATA_FORMAT, `Redis (prefix ${prefix})`);
    }
    if (found === REDIS_DATA_FORMAT && recorded !== null) return found;
    if ((await redis.set(lockKey, String(process.pid), 'PX', MIGRATION_LOCK_MS, 'NX')) === 'OK') {
      try {
        // Read again under the lock: a node that finished migrating between our read and our lock
        // has recorded the format, and its steps must not run a second time.
        if ((await redis.get(key)) !== recorded) continue;
        for (let f = found; f < REDIS_DATA_FORMAT; f += 1)
          await (steps[f - 1] as (typeof steps)[number])(redis, prefix);
        await redis.set(key, String(REDIS_DATA_FORMAT));
        return found;
      } finally {
        await redis.del(lockKey);
      }
    }
    // Another node migrates: wait for it to record the format.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
