import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationAction } from '@agora/shared';
import { randomPrefix, startRedis, type RedisServer } from '../../../../tests/support/redis-server.ts';
import { edition, session, SESSION } from '../../../../tests/support/store-contract/fixtures.ts';
import { optimisticWrite } from './optimistic-write.ts';
import { RedisStore } from './redis-store.ts';
import { scripts } from './scripts.ts';

let server: RedisServer;
let raw: Redis;
beforeAll(async () => {
  server = await startRedis();
  raw = new Redis(server.url);
  raw.defineCommand('agoraCompareAndSet', { numberOfKeys: 1, lua: scripts.agoraCompareAndSet });
});
afterAll(async () => {
  raw.disconnect();
  await server.stop();
});

const T = 1_782_000_000_000;

/** A rule's refusal is an answer here; giving up after conflicts (UNAVAILABLE) is not. */
const refusedByRule = (error: { code?: string }) => {
  if (error.code !== 'CONFLICT' && error.code !== 'NOT_FOUND') throw error as Error;
  return 'refused';
};

async function twoNodes(): Promise<[RedisStore, RedisStore]> {
  const prefix = randomPrefix();
  const a = await RedisStore.connect({ url: server.url, prefix });
  const b = await RedisStore.connect({ url: server.url, prefix });
  await a.program.putEdition(edition);
  await a.program.putSession(session(SESSION));
  return [a, b];
}

describe('the optimistic write of the Redis store', () => {
  it('decides again when what it read changed before its write, and writes once', async () => {
    const prefix = randomPrefix();
    const key = `${prefix}k`;
    await raw.set(key, 'a');
    const seen: string[] = [];
    const answer = await optimisticWrite(raw, prefix, 60, `${prefix}anchor`, async (reads) => {
      const value = await reads.read<string>(['GET', key]);
      seen.push(value);
      // Another node writes between this read and the write, once.
      if (seen.length === 1) await raw.set(key, 'b');
      return { writes: [['SET', key, `${value}!`]], after: [['GET', key]], answer: ([v]) => v };
    });
    expect(seen).toEqual(['a', 'b']);
    expect(answer).toBe('b!');
  });

  it('writes nothing the second time an operation id is committed (a command re-sent by ioredis)', async () => {
    const prefix = randomPrefix();
    const key = `${prefix}n`;
    const writes = JSON.stringify([['INCR', key]]);
    const cas = () =>
      (
        raw as unknown as { agoraCompareAndSet: (...a: (string | number)[]) => Promise<number> }
      ).agoraCompareAndSet(`${prefix}anchor`, prefix, 'op-1', 60, '[]', '[]', writes);
    expect(await cas()).toBe(1);
    expect(await cas()).toBe(2);
    expect(await raw.get(key)).toBe('1');
  });

  it('keeps the pending count exact when two nodes moderate the same questions while votes come in', async () => {
    const [a, b] = await twoNodes();
    const ids = ['q1', 'q2', 'q3'];
    for (const id of ids) {
      await a.questions.askQuestion({
        id,
        sessionId: SESSION,
        authorId: 'p1',
        clientId: id,
        text: `Question ${id}?`,
        anonymous: false,
        authorName: 'Ada',
        authorMode: 'onsite',
        at: T,
      });
    }
    const actions: ModerationAction[] = ['approve', 'reject', 'reopen', 'answer', 'star'];
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i += 1) {
      const store = i % 2 === 0 ? a : b;
      const questionId = ids[i % ids.length] as string;
      const action = actions[(i * 7) % actions.length] as ModerationAction;
      writes.push(store.questions.moderate({ questionId, action, at: T + i }).catch(refusedByRule));
      if (i % 3 === 0)
        writes.push(
          store.questions.setOnScreen({ sessionId: SESSION, questionId, at: T + i }).catch(refusedByRule),
        );
      writes.push(
        store.questions.setUpvote({ questionId, voterId: `v${i}`, up: true, at: T + i }).catch(refusedByRule),
      );
    }
    await Promise.all(writes);
    const questions = await a.questions.listQuestions(SESSION);
    const live = await a.questions.getLive(SESSION);
    expect(live.pending).toBe(questions.filter((q) => q.status === 'pending').length);
    const shown = questions.find((q) => q.id === live.onScreenId);
    if (shown) expect(shown.status).toBe('approved');
    await a.close();
    await b.close();
  });
});
