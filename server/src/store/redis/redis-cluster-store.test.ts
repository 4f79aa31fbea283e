import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisCluster } from '../../../../tests/support/redis-cluster.ts';
import { randomPrefix } from '../../../../tests/support/redis-server.ts';
import { attendanceContract } from '../../../../tests/support/store-contract/attendance.contract.ts';
import { ballotBatchContract } from '../../../../tests/support/store-contract/ballot-batch.contract.ts';
import { EDITION, edition, session } from '../../../../tests/support/store-contract/fixtures.ts';
import { contentContract } from '../../../../tests/support/store-contract/content.contract.ts';
import { interactionsContract } from '../../../../tests/support/store-contract/interactions.contract.ts';
import { organizerContract } from '../../../../tests/support/store-contract/organizer.contract.ts';
import { privacyContract } from '../../../../tests/support/store-contract/privacy.contract.ts';
import { storeContract, type StoreFactory } from '../../../../tests/support/store-contract/store.contract.ts';
import { watchContract } from '../../../../tests/support/store-contract/watch.contract.ts';
import type { PollDefinition } from '../../modules/interactions/interactions.store.ts';
import type { Store } from '../store.ts';
import { scanKeys } from './key-layout.ts';
import { RedisStore } from './redis-store.ts';

// The Redis store on a real Redis Cluster of three primaries (started here): the same contract
// suites as on one redis-server, and where its keys land.

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const connect = (prefix: string) =>
  RedisStore.connect({
    url: 'redis://',
    clusterNodes: cluster.servers.map((s) => ({ host: '127.0.0.1', port: s.port })),
    prefix,
  });

/** Every key under the prefix, from every primary. */
const keysOf = (prefix: string) => scanKeys(cluster.client, `${prefix}*`);

/** Deletes the prefix's keys: one command each (keys of several slots), a thousand at a time. */
async function drop(p: string): Promise<void> {
  const keys = await keysOf(p);
  for (let i = 0; i < keys.length; i += 1000)
    await Promise.all(keys.slice(i, i + 1000).map((key) => cluster.client.unlink(key)));
}

let prefix = '';
const factory: StoreFactory = {
  async open() {
    prefix = randomPrefix();
    return connect(prefix);
  },
  async reopen(store: Store) {
    await store.close();
    return connect(prefix);
  },
  async cleanup() {
    await drop(prefix);
  },
};
storeContract('redis cluster', factory);
interactionsContract('redis cluster', factory);
ballotBatchContract('redis cluster', factory);
organizerContract('redis cluster', factory);
privacyContract('redis cluster', factory);
contentContract('redis cluster', factory);
watchContract('redis cluster', factory);
attendanceContract('redis cluster', factory);

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

/** The edition and `ids` as its sessions, each with an open poll `poll-<id>`. */
async function seedSessions(store: Store, ids: string[]): Promise<void> {
  await store.program.putEdition(edition);
  for (const [i, id] of ids.entries()) {
    await store.program.putSession(session(id, { startsAt: 1_000 + i }));
    await store.interactions.createPoll({ id: `poll-${id}`, sessionId: id, definition: poll, at: 100 });
    await store.interactions.openInteraction({ kind: 'poll', id: `poll-${id}` }, 110);
  }
}

const ballot = (pollId: string, i: number, choice = 'a') => ({
  pollId,
  voterId: `v${i}`,
  mode: i % 2 === 0 ? ('onsite' as const) : ('remote' as const),
  clientId: `ballot-client-${i}`,
  choices: [choice],
  at: 120,
});

describe('the Redis store on a cluster', () => {
  const sessions = ['s-a', 's-b', 's-c', 's-d', 's-e', 's-f'];

  it("puts a session's keys in one slot, different sessions in different slots, and edition data in its own", async () => {
    const p = randomPrefix();
    const store = await connect(p);
    await seedSessions(store, sessions);
    for (const id of sessions) {
      await store.questions.askQuestion({
        id: `q-${id}`,
        sessionId: id,
        authorId: 'p1',
        clientId: `client-${id}-abcd`,
        text: 'Une question ?',
        anonymous: false,
        authorName: 'P',
        authorMode: 'remote',
        at: 130,
      });
      await store.interactions.castBallot(ballot(`poll-${id}`, 1));
    }
    await store.identity.putCode({
      hash: 'h1',
      role: 'participant',
      principalId: 'p1',
      editionId: EDITION,
      revoked: false,
    });

    const slotOf = async (key: string) => Number(await cluster.client.call('CLUSTER', 'KEYSLOT', key));
    const keys = await keysOf(p);
    const slots = new Map<string, Set<number>>();
    for (const key of keys) {
      const tag = /\{([^}]*)\}/.exec(key)?.[1] ?? 'untagged';
      slots.set(tag, (slots.get(tag) ?? new Set()).add(await slotOf(key)));
    }
    // Every stored key carries a tag, and all keys of one tag share one slot.
    expect(slots.has('untagged')).toBe(false);
    for (const [tag, set] of slots) expect([...set], tag).toHaveLength(1);
    for (const id of sessions) {
      const mine = keys.filter((k) => k.includes(`{${id}}`)).map((k) => k.slice(p.length));
      expect(mine).toEqual(
        expect.arrayContaining([
          `session:{${id}}`,
          `session:{${id}}:live`,
          `session:{${id}}:questions`,
          `session:{${id}}:interactions`,
          `session:{${id}}:asks:p1`,
          `q:{${id}}:q-${id}`,
          `poll:{${id}}:poll-${id}`,
          `poll:{${id}}:poll-${id}:tally`,
          `poll:{${id}}:poll-${id}:ballots`,
          `poll:{${id}}:poll-${id}:seen`,
        ]),
      );
    }
    expect(keys.map((k) => k.slice(p.length))).toEqual(
      expect.arrayContaining(['{g}:editions', '{g}:code:h1', '{g}:owners']),
    );
    // Six sessions: six slots, on more than one primary, none the edition data's slot.
    const sessionSlots = sessions.map((id) => [...(slots.get(id) ?? [])][0] as number);
    expect(new Set(sessionSlots).size).toBe(sessions.length);
    expect(sessionSlots).not.toContain([...(slots.get('g') ?? [])][0]);
    const primaryOf = (slot: number) => cluster.client.slots[slot]?.[0];
    expect(new Set(sessionSlots.map(primaryOf)).size).toBeGreaterThan(1);

    // And it reads back what it wrote, from every slot.
    expect((await store.program.listSessions(EDITION)).map((s) => s.id)).toEqual(
      expect.arrayContaining(sessions),
    );
    for (const id of sessions) {
      expect((await store.interactions.pollResults(`poll-${id}`))?.all.ballots).toBe(1);
      expect((await store.questions.listQuestions(id)).map((q) => q.id)).toEqual([`q-${id}`]);
    }
    await store.close();
    await drop(p);
  });

  it('casts the ballots of one event-loop turn on polls of several sessions, one run per session', async () => {
    const p = randomPrefix();
    const store = await connect(p);
    const three = sessions.slice(0, 3);
    await seedSessions(store, three);
    const casts = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.interactions.castBallot(ballot(`poll-${three[i % 3]}`, i, 'b')),
      ),
    );
    expect(casts.every((c) => c.counted)).toBe(true);
    for (const id of three) {
      const results = await store.interactions.pollResults(`poll-${id}`);
      expect(results?.all).toEqual({ ballots: 10, counts: { a: 0, b: 10 } });
    }
    await expect(store.interactions.castBallot(ballot('no-such-poll', 99))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await store.close();
    await drop(p);
  });

  it('follows a question id to its new session on another node after the wipe freed it', async () => {
    const p = randomPrefix();
    const [a, b] = [await connect(p), await connect(p)];
    await seedSessions(a, ['s-a', 's-b']);
    const ask = (store: Store, sessionId: string, clientId: string) =>
      store.questions.askQuestion({
        id: 'q-shared',
        sessionId,
        authorId: 'p1',
        clientId,
        text: 'Une question ?',
        anonymous: false,
        authorName: 'P',
        authorMode: 'remote',
        at: 130,
      });
    await ask(a, 's-a', 'client-first');
    // Node B reads (and caches) the question's session.
    expect((await b.questions.getQuestion('q-shared'))?.sessionId).toBe('s-a');
    expect(await a.questions.wipeQuestions(EDITION)).toBe(1);
    await ask(a, 's-b', 'client-second');
    await a.questions.moderate({ questionId: 'q-shared', action: 'approve', at: 140 });
    const upvote = await b.questions.setUpvote({ questionId: 'q-shared', voterId: 'v', up: true, at: 150 });
    expect([upvote.sessionId, upvote.question.votes]).toEqual(['s-b', 1]);
    expect((await b.questions.getQuestion('q-shared'))?.sessionId).toBe('s-b');
    await a.close();
    await b.close();
    await drop(p);
  });
});
