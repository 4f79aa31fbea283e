import { describe, expect, it } from 'vitest';
import { emptyLedger, verifyLedger, type Observed, type SplitTally } from './soak-ledger.ts';

const tally = (yes: number, no: number): SplitTally => ({
  all: { ballots: yes + no, counts: { a: yes, b: no } },
  onsite: { ballots: yes, counts: { a: yes, b: 0 } },
  remote: { ballots: no, counts: { a: 0, b: no } },
});

function books() {
  const ledger = emptyLedger();
  ledger.asked.add(0).add(1);
  ledger.upvotes.set('q0', new Set([3, 4, 5]));
  ledger.polls.set('p0', tally(2, 1));
  ledger.clouds.set('c0', { submitters: new Set([1, 2]), words: 2 });
  const observed: Observed = {
    questions: new Map([
      [0, 1],
      [1, 1],
    ]),
    votes: new Map([['q0', 3]]),
    polls: new Map([['p0', tally(2, 1)]]),
    clouds: new Map([['c0', { participants: 2, words: 2 }]]),
  };
  return { ledger, observed };
}

const failed = (checks: { name: string; pass: boolean }[]) =>
  checks.filter((c) => !c.pass).map((c) => c.name);

describe('the soak ledger', () => {
  it('passes when the server holds exactly what it acknowledged', () => {
    const { ledger, observed } = books();
    expect(failed(verifyLedger(ledger, observed))).toEqual([]);
  });
  it('fails on a lost question, a doubled one, a lost upvote, a wrong tally and a lost word', () => {
    const { ledger, observed } = books();
    observed.questions.delete(1);
    expect(failed(verifyLedger(ledger, observed))).toEqual(['every acknowledged question stored, once']);
    observed.questions.set(1, 2);
    expect(failed(verifyLedger(ledger, observed))).toEqual(['every acknowledged question stored, once']);
    observed.questions.set(1, 1);
    observed.votes.set('q0', 2);
    expect(failed(verifyLedger(ledger, observed))).toEqual(['upvotes exact on every question']);
    observed.votes.set('q0', 3);
    observed.polls.set('p0', tally(1, 2));
    expect(failed(verifyLedger(ledger, observed))).toEqual([
      'final tally of every poll exact, split included',
    ]);
    observed.polls.set('p0', tally(2, 1));
    observed.clouds.set('c0', { participants: 2, words: 1 });
    expect(failed(verifyLedger(ledger, observed))).toEqual([
      'every cloud counts its words and participants exactly',
    ]);
  });
  it('fails when no poll or cloud was closed at all (a soak that did nothing)', () => {
    expect(
      failed(
        verifyLedger(emptyLedger(), {
          questions: new Map(),
          votes: new Map(),
          polls: new Map(),
          clouds: new Map(),
        }),
      ),
    ).toEqual([
      'final tally of every poll exact, split included',
      'every cloud counts its words and participants exactly',
    ]);
  });
});
