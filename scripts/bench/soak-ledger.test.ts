import { describe, expect, it } from 'vitest';
import { activityCheck, emptyLedger, verifyLedger, type Observed, type SplitTally } from './soak-ledger.ts';

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
  it('passes the activity check when every activity was acknowledged', () => {
    const { ledger } = books();
    expect(activityCheck(ledger, { leaves: 6, beats: 60 })).toMatchObject({
      pass: true,
      detail: '2 questions, 3 upvotes, 1 polls, 3 ballots, 1 clouds, 2 words, 6 leaves, 60 beats',
    });
  });
  it('fails a soak that recorded no upvote, though every exactness check passes on it', () => {
    // The 2-minute soak on the cluster whose one upvote round had nothing approved to vote on.
    const { ledger, observed } = books();
    ledger.upvotes.clear();
    observed.votes.clear();
    expect(failed(verifyLedger(ledger, observed))).toEqual([]);
    const activity = activityCheck(ledger, { leaves: 6, beats: 60 });
    expect(activity.pass).toBe(false);
    expect(activity.detail).toMatch(/^none: upvotes \(/);
  });
  it('fails when any one activity is missing: questions, ballots, words, leaves or beats', () => {
    const missing = (change: (l: ReturnType<typeof books>['ledger']) => void, leaves = 6, beats = 60) => {
      const { ledger } = books();
      change(ledger);
      const c = activityCheck(ledger, { leaves, beats });
      return c.pass ? 'passed' : c.detail.slice(0, c.detail.indexOf(' ('));
    };
    expect(missing((l) => l.asked.clear())).toBe('none: questions');
    expect(missing((l) => l.polls.set('p0', tally(0, 0)))).toBe('none: ballots');
    expect(missing((l) => l.clouds.set('c0', { submitters: new Set(), words: 0 }))).toBe('none: words');
    expect(missing(() => {}, 0)).toBe('none: leaves');
    expect(missing(() => {}, 6, 0)).toBe('none: beats');
  });
  it('fails a soak that did nothing, naming every activity', () => {
    const c = activityCheck(emptyLedger(), { leaves: 0, beats: 0 });
    expect(c.pass).toBe(false);
    expect(c.detail).toMatch(/^none: questions, upvotes, polls, ballots, clouds, words, leaves, beats \(/);
  });
});
