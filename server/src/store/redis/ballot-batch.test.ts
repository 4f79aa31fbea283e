import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomPrefix, startRedis, type RedisServer } from '../../../../tests/support/redis-server.ts';
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
  const stats = await admin.info('commandstats');
  let total = 0;
  for (const match of stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)) total += Number(match[1]);
  return total;
}

async function openPoll(store: RedisStore): Promise<void> {
  await seedEdition(store);
  await store.interactions.createPoll({
    id: 'p',
    sessionId: SESSION,
    definition: {
      question: 'Oui ?',
      pollKind: 'single',
      options: [
        { id: 'a', label: 'Oui' },
        { id: 'b', label: 'Non' },
      ],
      maxChoices: 1,
      scale: null,
      visibility: 'live',
    },
    at: 100,
  });
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
