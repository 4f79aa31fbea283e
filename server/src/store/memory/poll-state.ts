import {
  admissionRefusal,
  type Admission,
  type AdmittedAction,
  type MyBallot,
  type Poll,
  type PollResults,
  type Session,
  type Tally,
} from '@agora/shared';
import type { InteractionRef, NewBallot } from '../../modules/interactions/interactions.store.ts';
import { decideBallot, type Ballot, type BallotDecision } from '../../modules/polls/polls.rules.ts';
import { admissionError } from '../../modules/session-access.ts';

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

/**
 * The copy of a poll handed out of the state (the state changes its own in place). Written out
 * rather than `structuredClone`: it runs for every ballot (a poll: 0.08 µs against 3.7 µs).
 */
export function copyPoll(poll: Poll): Poll {
  return { ...poll, options: poll.options.map((o) => ({ ...o })), scale: poll.scale && { ...poll.scale } };
}

const seenKey = (voterId: string, clientId: string) => `${voterId}\n${clientId}`;

/** A ballot: decided by polls.rules.ts on this poll, then applied; replayed from the journal as it was. */
export function castBallot(
  p: StoredPoll | undefined,
  input: NewBallot,
): { ballot: MyBallot; counted: boolean } {
  const key = seenKey(input.voterId, input.clientId);
  const current = p?.ballots.get(input.voterId) ?? null;
  const decision = decideBallot(p?.poll ?? null, { ballot: current, seen: p?.seen.has(key) ?? false }, input);
  // The rules refuse a poll that does not exist.
  const poll = p as StoredPoll;
  applyBallot(poll, input.voterId, key, decision);
  return { ballot: { pollId: poll.poll.id, ...decision.answer }, counted: decision.counted };
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

/**
 * A ballot's, word's or upvote's session checked against the caller's admission (NOT_FOUND,
 * POLICY_FORBIDS); `action` null checks the edition alone (an upvote withdrawn).
 */
export function admit(
  session: Session | undefined,
  admission: Admission,
  action: AdmittedAction | null = 'vote',
): void {
  const refused = admissionRefusal(session, admission, action);
  if (refused) throw admissionError(refused, action === null ? undefined : session?.policy[action]);
}

/**
 * What the polls read and write of the embedded store: a `Journaled` (journaled.ts), described by
 * the fields it uses, as state.ts imports this file.
 */
interface PollsJournal {
  state(): {
    sessions: Map<string, Session>;
    interactions: { polls: Map<string, StoredPoll>; bySession: Map<string, InteractionRef[]> };
  };
  commit<T>(op: { t: 'ballot'; ballot: NewBallot }, apply: () => T): Promise<T>;
  durable<T>(value: T): Promise<T>;
}

/**
 * The polls' reads and ballots in the embedded store; the interactions part
 * (`EmbeddedInteractionStore`) extends it with definitions, lifecycle, clouds and the screen. A
 * ballot goes from here to its poll's state: the admission, the rules' decision and its tallies,
 * then the journal, with no dispatch between.
 */
export class EmbeddedPolls {
  constructor(protected readonly j: PollsJournal) {}

  async getPoll(id: string): Promise<Poll | null> {
    const p = this.j.state().interactions.polls.get(id);
    return p ? copyPoll(p.poll) : null;
  }

  pollResults(pollId: string): Promise<PollResults | null> {
    const p = this.j.state().interactions.polls.get(pollId);
    return this.j.durable(p ? pollResults(p) : null);
  }

  listMyBallots(sessionId: string, voterId: string): Promise<MyBallot[]> {
    const { interactions } = this.j.state();
    const out: MyBallot[] = [];
    for (const ref of interactions.bySession.get(sessionId) ?? []) {
      const p = ref.kind === 'poll' ? interactions.polls.get(ref.id) : undefined;
      const ballot = p && myBallot(p, voterId);
      if (ballot) out.push(ballot);
    }
    return this.j.durable(out);
  }

  /**
   * The admission is checked here, before the commit with nothing awaited between: it is not
   * journaled (journals keep their format, and a replay needs no policy).
   */
  async castBallot({ admission, ...ballot }: NewBallot): Promise<{ ballot: MyBallot; counted: boolean }> {
    const state = this.j.state();
    const p = state.interactions.polls.get(ballot.pollId);
    if (p && admission) admit(state.sessions.get(p.poll.sessionId), admission);
    return this.j.commit({ t: 'ballot', ballot }, () => castBallot(p, ballot));
  }
}
