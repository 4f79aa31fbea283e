import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomPrefix, startRedis, type RedisServer } from '../../../../tests/support/redis-server.ts';
import { failureCounterContract } from '../../../../tests/support/store-contract/failure-counter.contract.ts';
import { RedisFailureCounter } from '../../cluster/failure-counter.ts';
import { systemClock } from '../clock.ts';
import { FailOpenCounter, MemoryFailureCounter, type FailureCounter } from './failure-counter.ts';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis({ appendonly: false });
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.stop();
});

failureCounterContract('memory', async (windowMs) => new MemoryFailureCounter(windowMs, systemClock));
failureCounterContract(
  'redis',
  async (windowMs) => new RedisFailureCounter(redis, `${randomPrefix()}failures:join:`, windowMs),
);

describe('failing open', () => {
  const recordingLogger = () => {
    const lines: { object: object; message: string }[] = [];
    return { lines, error: (object: object, message: string) => lines.push({ object, message }) };
  };

  it('counts nothing, and logs once, when the counter errs or does not answer in time', async () => {
    const broken: FailureCounter = {
      get: () => Promise.reject(new Error('connection is closed')),
      add: () => new Promise(() => undefined),
    };
    const logger = recordingLogger();
    const counter = new FailOpenCounter(broken, logger, {
      timeoutMs: 20,
      logEveryMs: 60_000,
      now: () => Date.now(),
    });
    expect(await counter.get('203.0.113.1')).toEqual({ failures: 0, resetInMs: 0 });
    expect(await counter.add('203.0.113.1')).toEqual({ failures: 0, resetInMs: 0 });
    expect(await counter.get('203.0.113.1')).toEqual({ failures: 0, resetInMs: 0 });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.message).toMatch(/not counted/);
  });

  it('fails open when Redis is gone, without waiting for it to come back', async () => {
    const gone = await startRedis({ appendonly: false });
    const client = new Redis(gone.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    client.on('error', () => undefined);
    const logger = recordingLogger();
    const counter = new FailOpenCounter(new RedisFailureCounter(client, randomPrefix(), 60_000), logger, {
      timeoutMs: 100,
      logEveryMs: 60_000,
      now: () => Date.now(),
    });
    expect((await counter.add('203.0.113.1')).failures).toBe(1);
    await gone.stop();
    const started = Date.now();
    expect(await counter.get('203.0.113.1')).toEqual({ failures: 0, resetInMs: 0 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logger.lines).toHaveLength(1);
    client.disconnect();
  });
});
