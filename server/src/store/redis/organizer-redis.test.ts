import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { randomPrefix, startRedis, type RedisServer } from '../../../../tests/support/redis-server.ts';
import { attendanceContract } from '../../../../tests/support/store-contract/attendance.contract.ts';
import { contentContract } from '../../../../tests/support/store-contract/content.contract.ts';
import { organizerContract } from '../../../../tests/support/store-contract/organizer.contract.ts';
import { privacyContract } from '../../../../tests/support/store-contract/privacy.contract.ts';
import type { StoreFactory } from '../../../../tests/support/store-contract/store.contract.ts';
import { watchContract } from '../../../../tests/support/store-contract/watch.contract.ts';
import type { Store } from '../store.ts';
import { RedisStore } from './redis-store.ts';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server.stop();
});

let prefix = '';
const factory: StoreFactory = {
  async open() {
    prefix = randomPrefix();
    return RedisStore.connect({ url: server.url, prefix });
  },
  async reopen(store: Store) {
    await store.close();
    return RedisStore.connect({ url: server.url, prefix });
  },
  async cleanup() {
    const redis = new Redis(server.url);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  },
};

organizerContract('redis', factory);
privacyContract('redis', factory);
contentContract('redis', factory);
watchContract('redis', factory);
attendanceContract('redis', factory);
