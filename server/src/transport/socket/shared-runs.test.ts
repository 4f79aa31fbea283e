import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  commandCalls,
  randomPrefix,
  startRedis,
  type RedisServer,
} from '../../../../tests/support/redis-server.ts';
import { redisAdapter } from './redis-adapter.ts';
import { socketBroadcaster, type AppServer } from './socket-server.ts';

let server: RedisServer;
let admin: Redis;
beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

/** A node's Socket.IO server on the Redis adapter (no HTTP: only what goes between nodes). */
function node(prefix: string) {
  const adapter = redisAdapter({ url: server.url, prefix, kind: 'redis', clusterNodes: [] }, () => {});
  const io: AppServer = new Server({ adapter: adapter.adapter });
  return { io, bus: socketBroadcaster(io, true), close: () => adapter.close() };
}

it('sends a node’s shares of one turn to the other nodes as one message, each handed over in order', async () => {
  const prefix = randomPrefix();
  const a = node(prefix);
  const b = node(prefix);
  const got: unknown[] = [];
  const other: unknown[] = [];
  b.bus.onShared('qa', (data) => got.push(data));
  b.bus.onShared('elsewhere', (data) => other.push(data));
  // Both subscribed: a share sent now reaches b.
  await expect.poll(async () => (await admin.pubsub('NUMSUB', `${prefix}socket.io-request#/#`))[1]).toBe(2);

  const before = (await commandCalls(admin)).publish ?? 0;
  for (let i = 0; i < 50; i++) a.bus.share('qa', { i });
  a.bus.share('elsewhere', 'x');
  await expect.poll(() => got.length).toBe(50);
  expect(got).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })));
  expect(other).toEqual(['x']);
  expect(((await commandCalls(admin)).publish ?? 0) - before).toBe(1);
  // A node of the previous version shares one change per message: still handed over.
  a.io.serverSideEmit('agora:shared', 'qa', { i: 'one' });
  await expect.poll(() => got.at(-1)).toEqual({ i: 'one' });
  await Promise.all([a.close(), b.close()]);
});
