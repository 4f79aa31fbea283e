import type { AppError } from '@agora/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  commandCalls,
  randomPrefix,
  startRedis,
  type RedisServer,
} from '../../../../tests/support/redis-server.ts';
import { EDITION, seedEdition, SESSION } from '../../../../tests/support/store-contract/fixtures.ts';
import type { NewBallot } from '../../modules/interactions/interactions.store.ts';
import { MAX_BALLOTS_PER_RUN } from './ballot-batch.ts';
import { RedisStore } from './redis-store.ts';

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

/** Script runs Redis has executed so far (EVALSHA and EVAL, whichever ioredis used). */
async function scriptRuns(): Promise<number> {
  const calls = await commandCalls(admin);
  return (calls.evalsha ?? 0) + (calls.eval ?? 0);
}

/** A draft single-choice poll of `SESSION` with options `a` (« Oui ») and, unless `onlyYes`, `b` (« Non »). */
async function draftPoll(store: RedisStore, id: string, onlyYes = false): Promise<void> {
  const options = [{ id: 'a', label: 'Oui' }, ...(onlyYes ? [] : [{ id: 'b', label: 'Non' }])];
  await store.interactions.createPoll({
    id,
    sessionId: SESSION,
    definition: {
      question: 'Oui ?',
      pollKind: 'single',
      options,
      maxChoices: 1,
      scale: null,
      visibility: 'live',
    },
    at: 100,
  });
}

/** The edition, its session and the open poll `p` every test votes on. */
async function openPoll(store: RedisStore): Promise<void> {
  await seedEdition(store);
  await draftPoll(store, 'p');
  await store.interactions.openInteraction({ kind: 'poll', id: 'p' }, 110);
}

const ballot = (i: number): NewBallot => ({
  pollId: 'p',
  voterId: `v${i}`,
  mode: 'onsite',
  clientId: `client-${i}-xx`,
  choices: ['a'],
  at: 200,
  admission: { editionId: EDITION, audiences: ['everyone', 'onsite'] },
});

it('sends the ballots of one turn as one script run per bound, a lone ballot as one run', async () => {
  const store = await RedisStore.connect({ url: server.url, prefix: randomPrefix() });
  await openPoll(store);
  await store.interactions.castBallot(ballot(0));
  const before = await scriptRuns();
  const many = 2 * MAX_BALLOTS_PER_RUN + 10;
  const casts = await Promise.all(
    Array.from({ length: many }, (_, i) => store.interactions.castBallot(ballot(i + 1))),
  );
  expect(casts.every((c) => c.counted)).toBe(true);
  expect((await scriptRuns()) - before).toBe(3);
  await store.interactions.castBallot(ballot(many + 1));
  expect((await scriptRuns()) - before).toBe(4);
  expect((await store.interactions.pollResults('p'))?.all.ballots).toBe(many + 2);
  await store.close();
});

it('reads the poll and the session once per run and writes each count once, however many ballots it holds', async () => {
  const store = await RedisStore.connect({ url: server.url, prefix: randomPrefix() });
  await openPoll(store);
  await store.interactions.castBallot(ballot(0));
  const versionBefore = (await store.interactions.pollResults('p'))?.version ?? NaN;
  const before = await commandCalls(admin);
  const runs = await scriptRuns();
  const many = 100;
  // Half change their mind within the run: the counts move, each written once at the run's end.
  const casts = await Promise.all([
    ...Array.from({ length: many }, (_, i) => store.interactions.castBallot(ballot(i + 1))),
    ...Array.from({ length: many / 2 }, (_, i) =>
      store.interactions.castBallot({ ...ballot(i + 1), clientId: `again-${i}-xx`, choices: ['b'] }),
    ),
  ]);
  expect(casts.every((c) => c.counted)).toBe(true);
  expect((await scriptRuns()) - runs).toBe(1);
  const after = await commandCalls(admin);
  const delta = (command: string) => (after[command] ?? 0) - (before[command] ?? 0);
  // The poll's fields, its session, each option asked for: once per run, not once per ballot.
  expect(delta('hmget')).toBe(2);
  expect(delta('hexists')).toBe(2);
  // n:all, n:onsite, all:a, onsite:a, all:b, onsite:b and the poll's version.
  expect(delta('hincrby')).toBeLessThanOrEqual(7);
  const results = await store.interactions.pollResults('p');
  expect(results?.all).toEqual({ ballots: many + 1, counts: { a: many / 2 + 1, b: many / 2 } });
  // One version per counted ballot, as when each was counted on its own.
  expect(results?.version).toBe(versionBefore + many + many / 2);
  await store.close();
});

it('decides each ballot of a mixed run as if it had been sent alone', async () => {
  // `p` open, `q` still a draft: its ballots are refused.
  const draft = async (store: RedisStore) => {
    await openPoll(store);
    await draftPoll(store, 'q', true);
  };
  const ballots: NewBallot[] = [
    ballot(1),
    { ...ballot(2), choices: ['z'] },
    { ...ballot(3), choices: ['a', 'a'] },
    { ...ballot(4), pollId: 'q' },
    { ...ballot(5), admission: { editionId: 'another', audiences: ['everyone', 'onsite'] } },
    { ...ballot(6), mode: 'remote', admission: { editionId: EDITION, audiences: ['everyone'] } },
    { ...ballot(9), admission: { editionId: EDITION, audiences: ['onsite'] } },
    { ...ballot(1), clientId: 'client-1-changed', choices: ['b'] },
    { ...ballot(7), admission: undefined },
    { ...ballot(1), clientId: 'client-1-changed', choices: ['b'] },
    { ...ballot(8), choices: ['b'] },
  ];
  const outcome = (settled: PromiseSettledResult<{ ballot: unknown; counted: boolean }>) =>
    settled.status === 'fulfilled'
      ? { ok: settled.value }
      : { refused: `${(settled.reason as AppError).code} ${(settled.reason as AppError).message}` };

  const together = await RedisStore.connect({ url: server.url, prefix: randomPrefix() });
  await draft(together);
  const runs = await scriptRuns();
  const inOneRun = await Promise.allSettled(ballots.map((b) => together.interactions.castBallot(b)));
  expect((await scriptRuns()) - runs).toBe(1);

  const alone = await RedisStore.connect({ url: server.url, prefix: randomPrefix() });
  await draft(alone);
  const oneByOne: PromiseSettledResult<{ ballot: unknown; counted: boolean }>[] = [];
  for (const b of ballots) {
    const [settled] = await Promise.allSettled([alone.interactions.castBallot(b)]);
    oneByOne.push(settled!);
  }

  expect(inOneRun.map(outcome)).toEqual(oneByOne.map(outcome));
  expect(inOneRun.filter((s) => s.status === 'rejected').length).toBeGreaterThanOrEqual(5);
  expect(await together.interactions.pollResults('p')).toEqual(await alone.interactions.pollResults('p'));
  await together.close();
  await alone.close();
});

it('fails every ballot of a run that gets no reply in time as UNAVAILABLE', async () => {
  const store = await RedisStore.connect({ url: server.url, prefix: randomPrefix(), commandTimeoutMs: 200 });
  await openPoll(store);
  await admin.client('PAUSE', 1_000, 'WRITE');
  const settled = await Promise.allSettled([1, 2, 3].map((i) => store.interactions.castBallot(ballot(i))));
  expect(
    settled.map((s) => (s.status === 'rejected' ? (s.reason as { code?: string }).code : 'answered')),
  ).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
  await admin.client('UNPAUSE');
  await store.close();
});
