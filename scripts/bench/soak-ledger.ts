/**
 * The soak's books: what the server acknowledged (questions, upvotes, ballots, words), kept by the
 * generator's side, and the comparison with what the server holds at the end. Pure: the soak fills
 * the ledger and reads the moderator's snapshot; `verifyLedger` says what was lost or doubled.
 */
import type { Check } from './scenario-kit.ts';

export interface Tally {
  ballots: number;
  counts: Record<string, number>;
}
export interface SplitTally {
  all: Tally;
  onsite: Tally;
  remote: Tally;
}

export interface SoakLedger {
  /** Question numbers whose `question:ask` was acked. */
  asked: Set<number>;
  /** Per approved question id, the participants whose upvote was acked (an upvote counts once). */
  upvotes: Map<string, Set<number>>;
  /** Per closed poll, the tally the acked ballots make. */
  polls: Map<string, SplitTally>;
  /** Per closed cloud, who sent words and how many words were acked. */
  clouds: Map<string, { submitters: Set<number>; words: number }>;
}

export const emptyLedger = (): SoakLedger => ({
  asked: new Set(),
  upvotes: new Map(),
  polls: new Map(),
  clouds: new Map(),
});

/** What the server holds at the end (from the moderator's snapshot). */
export interface Observed {
  /** Question number → how many stored questions carry it. */
  questions: Map<number, number>;
  votes: Map<string, number>;
  polls: Map<string, SplitTally>;
  clouds: Map<string, { participants: number; words: number }>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function mismatches<K, E, O>(
  expected: Map<K, E>,
  observed: Map<K, O>,
  equal: (e: E, o: O | undefined) => boolean,
): K[] {
  return [...expected].filter(([k, e]) => !equal(e, observed.get(k))).map(([k]) => k);
}

export function verifyLedger(ledger: SoakLedger, observed: Observed): Check[] {
  const lostQuestions = [...ledger.asked].filter((k) => (observed.questions.get(k) ?? 0) === 0);
  const doubled = [...observed.questions].filter(([, count]) => count > 1).map(([k]) => k);
  const unacked = [...observed.questions.keys()].filter((k) => !ledger.asked.has(k));
  const badVotes = mismatches(ledger.upvotes, observed.votes, (e, o) => o === e.size);
  const badPolls = mismatches(ledger.polls, observed.polls, (e, o) => same(e, o));
  const badClouds = mismatches(
    ledger.clouds,
    observed.clouds,
    (e, o) => o !== undefined && o.participants === e.submitters.size && o.words === e.words,
  );
  const upvotes = [...ledger.upvotes.values()].reduce((s, v) => s + v.size, 0);
  const detail = (bad: unknown[], of: number, what: string) =>
    bad.length === 0 ? `${of} ${what} exact` : `${bad.length} of ${of} wrong: ${bad.slice(0, 3).join(', ')}`;
  return [
    {
      name: 'every acknowledged question stored, once',
      pass: lostQuestions.length === 0 && doubled.length === 0,
      detail: `${ledger.asked.size} acked, ${lostQuestions.length} lost, ${doubled.length} doubled, ${unacked.length} stored without an ack`,
    },
    {
      name: 'upvotes exact on every question',
      pass: badVotes.length === 0,
      detail: `${upvotes} upvotes; ${detail(badVotes, ledger.upvotes.size, 'questions')}`,
    },
    {
      name: 'final tally of every poll exact, split included',
      pass: badPolls.length === 0,
      detail: detail(badPolls, ledger.polls.size, 'polls'),
    },
    {
      name: 'every cloud counts its words and participants exactly',
      pass: badClouds.length === 0,
      detail: detail(badClouds, ledger.clouds.size, 'clouds'),
    },
  ];
}

/** What the soak did besides what the ledger holds: leaves (each followed by a rejoin) and acked beats. */
export interface Movements {
  leaves: number;
  beats: number;
}

/**
 * Every activity acknowledged at least once: the checks above are exact on what was acknowledged,
 * so they pass on an activity that never happened (a 2-minute soak once passed them with no upvote).
 */
export function activityCheck(ledger: SoakLedger, moves: Movements): Check {
  const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);
  const counts: [string, number][] = [
    ['questions', ledger.asked.size],
    ['upvotes', sum([...ledger.upvotes.values()].map((v) => v.size))],
    ['polls', ledger.polls.size],
    ['ballots', sum([...ledger.polls.values()].map((t) => t.all.ballots))],
    ['clouds', ledger.clouds.size],
    ['words', sum([...ledger.clouds.values()].map((c) => c.words))],
    ['leaves', moves.leaves],
    ['beats', moves.beats],
  ];
  const none = counts.filter(([, n]) => n === 0).map(([what]) => what);
  const all = counts.map(([what, n]) => `${n} ${what}`).join(', ');
  return {
    name: 'every activity acknowledged at least once',
    pass: none.length === 0,
    detail: none.length === 0 ? all : `none: ${none.join(', ')} (${all})`,
  };
}
