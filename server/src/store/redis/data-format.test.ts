import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomPrefix, startRedis, type RedisServer } from '../../../../tests/support/redis-server.ts';
import { NewerDataFormatError } from '../newer-data-error.ts';
import { edition, EDITION, session } from '../../../../tests/support/store-contract/fixtures.ts';
import type { PollDefinition } from '../../modules/interactions/interactions.store.ts';
import { ensureRedisDataFormat, REDIS_DATA_FORMAT } from './data-format.ts';
import { RedisStore } from './redis-store.ts';

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
    // Format 3 put it under the edition-wide tag.
    expect(await redis.hget(`${prefix}{g}:edition:e1`, 'slug')).toBe('e-one');
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

/** Every key under the prefix with its type and content, in a comparable form. */
async function contents(prefix: string, skip: (rest: string) => boolean): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await redis.keys(`${prefix}*`)).sort()) {
    const rest = key.slice(prefix.length);
    if (skip(rest)) continue;
    const type = await redis.type(key);
    if (type === 'string') out[rest] = await redis.get(key);
    else if (type === 'hash') out[rest] = Object.entries(await redis.hgetall(key)).sort();
    else if (type === 'set') out[rest] = (await redis.smembers(key)).sort();
    else if (type === 'list') out[rest] = await redis.lrange(key, 0, -1);
    else if (type === 'zset') out[rest] = await redis.zrange(key, 0, -1, 'WITHSCORES');
    else out[rest] = type;
  }
  return out;
}

/**
 * Format 3 written back in the layout of format 2 (the key names of before the hash tags): what a
 * store of the previous version holds for the same operations. The indexes format 3 added are
 * dropped, the closing index merged back into one sorted set.
 */
async function toFormat2(prefix: string): Promise<void> {
  for (const key of await redis.keys(`${prefix}*`)) {
    const rest = key.slice(prefix.length);
    if (rest.startsWith('meta:')) continue;
    if (/:op:|^\{g\}:(owners|closing-sessions)$|^session:\{[^}]+\}:asks:/.test(rest)) {
      await redis.del(key);
      continue;
    }
    const closing = /^session:\{[^}]+\}:closing$/.test(rest);
    if (closing) {
      const members = await redis.zrange(key, 0, -1, 'WITHSCORES');
      for (let i = 0; i < members.length; i += 2)
        await redis.zadd(`${prefix}closing`, members[i + 1] as string, members[i] as string);
      await redis.del(key);
      continue;
    }
    const old = rest
      .replace(/^\{g\}:/, '')
      .replace(/^session:\{([^}]+)\}/, 'session:$1')
      .replace(/^(q|poll|cloud):\{[^}]+\}:/, '$1:');
    await redis.rename(key, `${prefix}${old}`);
  }
  await redis.set(`${prefix}meta:format`, '2');
}

const poll: PollDefinition = {
  question: 'Pour ou contre ?',
  pollKind: 'single',
  options: [
    { id: 'a', label: 'Pour' },
    { id: 'b', label: 'Contre' },
  ],
  maxChoices: 1,
  scale: null,
  visibility: 'live',
};

describe('the upgrade of format 2 to 3 (hash tags for Redis Cluster)', () => {
  it('gives exactly the keys and contents format 3 writes, and the store reads the same', async () => {
    const prefix = randomPrefix();
    await redis.set(`${prefix}meta:format`, String(REDIS_DATA_FORMAT));
    const store = await RedisStore.connect({ url: server.url, prefix });
    await store.program.putEdition(edition);
    await store.program.putSession(session('s1', { remoteDelaySeconds: 30 }));
    await store.program.putSession(session('s2', { startsAt: 5_000 }));
    for (const [i, sid] of ['s1', 's1', 's2'].entries()) {
      await store.questions.askQuestion({
        id: `q${i}`,
        sessionId: sid,
        authorId: 'a1',
        clientId: `client-q${i}`,
        text: `Question ${i} ?`,
        anonymous: false,
        authorName: 'Ada',
        authorMode: 'onsite',
        at: 100 + i,
      });
    }
    await store.questions.moderate({ questionId: 'q0', action: 'approve', at: 110 });
    await store.questions.setUpvote({ questionId: 'q0', voterId: 'v1', up: true, at: 111 });
    await store.questions.editQuestion({
      questionId: 'q1',
      text: 'Question 1, reformulée ?',
      by: 'm',
      at: 112,
    });
    await store.questions.setOnScreen({ sessionId: 's1', questionId: 'q0', at: 113 });
    for (const sid of ['s1', 's2']) {
      await store.interactions.createPoll({ id: `p-${sid}`, sessionId: sid, definition: poll, at: 120 });
      await store.interactions.openInteraction({ kind: 'poll', id: `p-${sid}` }, 121);
      await store.interactions.castBallot({
        pollId: `p-${sid}`,
        voterId: 'v1',
        mode: 'remote',
        clientId: `ballot-${sid}`,
        choices: ['b'],
        at: 122,
      });
    }
    // s1 has a stream delay: its poll waits in closing for the remote voters.
    await store.interactions.closeInteraction({ kind: 'poll', id: 'p-s1' }, 130);
    await store.interactions.createCloud({
      id: 'c1',
      sessionId: 's2',
      definition: { prompt: 'Un mot ?', maxWordsPerParticipant: 3, maxLength: 20, visibility: 'live' },
      at: 140,
    });
    await store.interactions.openInteraction({ kind: 'cloud', id: 'c1' }, 141);
    await store.interactions.submitWord({
      cloudId: 'c1',
      participantId: 'a1',
      mode: 'onsite',
      clientId: 'word-1',
      text: 'Bonjour',
      key: 'bonjour',
      blocked: false,
      at: 142,
    });
    await store.identity.putRegistrant({
      id: 'a1',
      editionId: EDITION,
      name: 'Ada',
      email: 'ada@example.org',
      organisation: '',
      attendance: 'onsite',
    });
    await store.identity.putCode({
      hash: 'h1',
      role: 'participant',
      principalId: 'a1',
      editionId: EDITION,
      revoked: false,
    });
    await store.watch.recordScreen({ sessionId: 's1', at: 150, item: { kind: 'question', id: 'q0' } });

    const read = async (s: RedisStore) => ({
      sessions: await s.program.listSessions(EDITION),
      questions: [await s.questions.listQuestions('s1'), await s.questions.listQuestions('s2')],
      live: [await s.questions.getLive('s1'), await s.questions.getLive('s2')],
      upvoted: await s.questions.listUpvoted('s1', 'v1'),
      interactions: [
        await s.interactions.listInteractions('s1'),
        await s.interactions.listInteractions('s2'),
      ],
      results: [await s.interactions.pollResults('p-s1'), await s.interactions.pollResults('p-s2')],
      cloud: await s.interactions.cloudResults('c1'),
      ballots: await s.interactions.listMyBallots('s2', 'v1'),
      words: await s.interactions.listMyWords('s2', 'a1'),
      closing: await s.interactions.listClosing(),
      code: await s.identity.findCode('h1'),
      principal: await s.identity.getPrincipal('participant', 'a1'),
      screens: await s.watch.listScreens('s1'),
    });
    const before = await read(store);
    await store.close();
    const notTransient = (rest: string) =>
      rest.startsWith('meta:') || rest.includes(':op:') || rest.startsWith('failures:');
    const written = await contents(prefix, notTransient);

    await toFormat2(prefix);
    await redis.set(`${prefix}op:left-by-a-node`, 'x');
    await redis.zadd(`${prefix}delay:sessions`, 1, 's1');
    await redis.set(`${prefix}failures:join:x`, '1');
    // A node of the previous version still connected: no key is renamed until it has stopped.
    const older = new Redis(server.url, { connectionName: 'agora-store' });
    await older.ping();
    await expect(ensureRedisDataFormat(redis, prefix)).rejects.toThrow(/node\(s\) of a previous version/);
    expect(await redis.get(`${prefix}meta:format`)).toBe('2');
    await older.quit();
    expect(
      Object.keys(await contents(prefix, (r) => r.startsWith('meta:'))).some((k) => k.includes('{')),
    ).toBe(false);
    expect(await ensureRedisDataFormat(redis, prefix)).toBe(2);
    expect(await contents(prefix, notTransient)).toEqual(written);
    expect(await redis.exists(`${prefix}op:left-by-a-node`, `${prefix}delay:sessions`)).toBe(0);
    expect(await redis.get(`${prefix}failures:join:x`)).toBe('1');

    const upgraded = await RedisStore.connect({ url: server.url, prefix });
    expect(await read(upgraded)).toEqual(before);
    // An ask re-sent with the client id of before the upgrade answers the same question.
    const again = await upgraded.questions.askQuestion({
      id: 'q9',
      sessionId: 's2',
      authorId: 'a1',
      clientId: 'client-q0',
      text: 'Question 0 ?',
      anonymous: false,
      authorName: 'Ada',
      authorMode: 'onsite',
      at: 200,
    });
    expect([again.created, again.question.id]).toEqual([false, 'q0']);
    await upgraded.close();
  });
});
