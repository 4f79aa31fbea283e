import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@agora/shared';
import type {
  NewBallot,
  PollDefinition,
} from '../../../server/src/modules/interactions/interactions.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, seedEdition, SESSION } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

const single: PollDefinition = {
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

/** A cast's answer as compared here: its ballot and whether it counted, or its refusal's code. */
function outcome(
  settled: PromiseSettledResult<{ ballot: { clientId: string; choices: string[] }; counted: boolean }>,
) {
  if (settled.status === 'rejected') {
    const error = settled.reason as unknown;
    return error instanceof AppError ? `refused ${error.code}` : `failed ${String(error)}`;
  }
  const { ballot, counted } = settled.value;
  return `${ballot.clientId} ${ballot.choices.join('+')} ${counted ? 'counted' : 'not counted'}`;
}

/**
 * Many ballots cast in one event-loop turn (the Redis store sends them in one script run, the embedded
 * store one by one): each gets its own answer, the same as if they had been sent one after the other.
 */
export function ballotBatchContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract: ballots cast in one turn`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });

    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    const open = async (id: string) => {
      await store.interactions.createPoll({ id, sessionId: SESSION, definition: single, at: 100 });
      await store.interactions.openInteraction({ kind: 'poll', id }, 110);
    };
    const ballot = (
      pollId: string,
      voterId: string,
      clientId: string,
      choices: string[],
      more: Partial<NewBallot> = {},
    ) => ({
      pollId,
      voterId,
      mode: 'onsite' as const,
      clientId,
      choices,
      at: 200,
      admission: { editionId: EDITION, audiences: ['everyone' as const, 'onsite' as const] },
      ...more,
    });

    it('answers each ballot of one turn on its own, as if sent one after the other, with an exact tally', async () => {
      await open('live');
      await open('shut');
      await store.interactions.closeInteraction({ kind: 'poll', id: 'shut' }, 150);
      await store.interactions.castBallot(ballot('live', 'resender', 'client-r-1', ['a']));
      await store.interactions.castBallot(ballot('live', 'resender', 'client-r-2', ['b']));

      const many = Array.from({ length: 230 }, (_, i) =>
        ballot('live', `v${i}`, `client-v-${i}`, [i % 3 === 0 ? 'b' : 'a']),
      );
      const special = [
        ballot('shut', 'late', 'client-late-1', ['a']),
        ballot('live', 'stranger', 'client-s-1', ['a'], {
          admission: { editionId: 'other', audiences: ['everyone'] },
        }),
        ballot('live', 'resender', 'client-r-1', ['a']),
        ballot('live', 'changer', 'client-c-1', ['a']),
        ballot('live', 'wrong', 'client-w-1', ['z']),
        ballot('live', 'changer', 'client-c-2', ['b']),
        ballot('live', 'changer', 'client-c-2', ['b']),
      ];
      // Spread among the valid ones, across the Redis store's bound of 200 ballots per run.
      const all = [...many.slice(0, 190), ...special, ...many.slice(190)];
      const settled = await Promise.allSettled(all.map((b) => store.interactions.castBallot(b)));
      const answers = settled.map(outcome);

      expect(answers.slice(190, 197)).toEqual([
        'refused CLOSED',
        'refused NOT_FOUND',
        'client-r-2 b not counted',
        'client-c-1 a counted',
        'refused INVALID_PAYLOAD',
        'client-c-2 b counted',
        'client-c-2 b not counted',
      ]);
      const rest = [...answers.slice(0, 190), ...answers.slice(197)];
      expect(rest).toEqual(many.map((b) => `${b.clientId} ${b.choices[0]} counted`));

      const b = many.filter((x) => x.choices[0] === 'b').length + 2;
      const a = many.length - (b - 2);
      const results = await store.interactions.pollResults('live');
      expect(results?.all.counts).toMatchObject({ a, b });
      expect(results?.all.ballots).toBe(many.length + 2);
      expect(await store.interactions.listMyBallots(SESSION, 'changer')).toEqual([
        { pollId: 'live', clientId: 'client-c-2', choices: ['b'] },
      ]);
      expect((await store.interactions.pollResults('shut'))?.all.ballots).toBe(0);
    });
  });
}
