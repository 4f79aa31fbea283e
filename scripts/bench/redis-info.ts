/**
 * What the bench reads from Redis's `INFO` with `redis-cli`: the memory of every Redis process of a
 * run (one `redis-server`, or each primary of a Redis Cluster: `--redis-cluster`) and a primary's pid.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A numeric field of `INFO`'s text (`used_memory`, `process_id`…), NaN when absent. */
export function infoField(info: string, field: string): number {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  return match ? Number(match[1]) : NaN;
}

/** One field of one `INFO` section of the Redis at `url`, NaN if it does not answer. */
export async function redisInfoField(url: string, section: string, field: string): Promise<number> {
  try {
    const { stdout } = await run('redis-cli', ['-u', url, 'INFO', section]);
    return infoField(stdout, field);
  } catch {
    return NaN;
  }
}

/**
 * `used_memory` in bytes summed over the Redis processes at `urls` (a cluster's primaries hold
 * different slots, so their data adds up); NaN without Redis or if one of them does not answer.
 */
export async function redisUsedMemory(urls: string[]): Promise<number> {
  if (urls.length === 0) return NaN;
  const each = await Promise.all(urls.map((url) => redisInfoField(url, 'memory', 'used_memory')));
  return each.reduce((sum, bytes) => sum + bytes, 0);
}
