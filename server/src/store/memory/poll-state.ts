import type { MyBallot, Poll, PollResults, Tally } from '@agora/shared';
import type { NewBallot } from '../../modules/interactions/interactions.store.ts';
import { decideBallot, type Ballot, type BallotDecision } from '../../modules/polls/polls.rules.ts';

/** A poll in the embedded state, with its tallies and ballots. */
export interface StoredPoll {
  poll: Poll;
  version: number;
  all: Tally;
  onsite: Tally;
  remote: Tally;
  /** voter id → their current ballot */
  ballots: Map<string, Ballot>;
  /** `${voterId}\n${clientId}` of every ballot ever accepted, for idempotent retries */
  seen: Set<string>;
}

const copyTally = (tally: Tally): Tally => ({ ballots: tally.ballots, counts: { ...tally.counts } });

function emptyTally(options: Poll['options']): Tally {
  return { ballots: 0, counts: Object.fromEntries(options.map((o) => [o.id, 0])) };
}

/** A new poll's state: empty tallies of its options. */
export function storedPoll(poll: Poll): StoredPoll {
  const p: StoredPoll = {
    poll,
    version: 0,
    all: emptyTally([]),
    onsite: emptyTally([]),
    remote: emptyTally([]),
    ballots: new Map(),
    seen: new Set(),
  };
  clearTallies(p);
  return p;
}

/** Every tally back to 0 for the poll's options (a new definition, a reset). */
export function clearTallies(p: StoredPoll): void {
  p.all = emptyTally(p.poll.options);
  p.onsite = emptyTally(p.poll.options);
  p.remote = emptyTally(p.poll.options);
}

/** Ballots and the client ids seen forgotten, tallies at 0 (the go-live reset). */
export function clearBallots(p: StoredPoll): void {
  clearTallies(p);
  p.ballots.clear();
  p.seen.clear();
}

export function pollResults(p: StoredPoll): PollResults {
  return {
    pollId: p.poll.id,
    sessionId: p.poll.sessionId,
    version: p.version,
    all: copyTally(p.all),
    onsite: copyTally(p.onsite),
    remote: copyTally(p.remote),
    final: p.poll.status === 'closed',
  };
}

const seenKey = (voterId: string, clientId: string) => `${voterId}\n${clientId}`;

/** A ballot: decided by polls.rules.ts on this poll, then applied. */
export function castBallot(
  p: StoredPoll | undefined,
  input: NewBallot,
): { ballot: MyBallot; counted: boolean; results: PollResults } {
  const key = seenKey(input.voterId, input.clientId);
  const current = p?.ballots.get(input.voterId) ?? null;
  const decision = decideBallot(p?.poll ?? null, { ballot: current, seen: p?.seen.has(key) ?? false }, input);
  // The rules refuse a poll that does not exist.
  const poll = p as StoredPoll;
  applyBallot(poll, input.voterId, key, decision);
  return {
    ballot: { pollId: poll.poll.id, ...decision.answer },
    counted: decision.counted,
    results: pollResults(poll),
  };
}

function applyBallot(p: StoredPoll, voterId: string, key: string, d: BallotDecision): void {
  if (d.kind === 'again') return;
  p.seen.add(key);
  p.ballots.set(voterId, d.ballot);
  if (d.kind !== 'count') return;
  for (const move of d.moves) {
    for (const tally of [p.all, p[move.side]]) {
      tally.ballots += move.delta;
      for (const choice of move.choices) tally.counts[choice] = (tally.counts[choice] ?? 0) + move.delta;
    }
  }
  p.version += 1;
}

/** The voter's current ballot in this poll, if any. */
export function myBallot(p: StoredPoll, voterId: string): MyBallot | null {
  const ballot = p.ballots.get(voterId);
  return ballot ? { pollId: p.poll.id, clientId: ballot.clientId, choices: [...ballot.choices] } : null;
}

/** As kept in snapshots (Maps and Sets as arrays; the layout of snapshots written before). */
export function pollToJSON(p: StoredPoll): unknown {
  return { ...p, ballots: [...p.ballots.entries()], seen: [...p.seen] };
}

export function pollFromJSON(raw: unknown): StoredPoll {
  const p = raw as Omit<StoredPoll, 'ballots' | 'seen'> & { ballots: [string, Ballot][]; seen: string[] };
  return { ...p, ballots: new Map(p.ballots), seen: new Set(p.seen) };
}
