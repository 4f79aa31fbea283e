import { admissionOf, type CommandParsedInput, type MyBallot, type Poll } from '@agora/shared';
import { newId, type Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import { moderatedInteraction } from '../interactions/interaction-access.ts';
import type { InteractionStore } from '../interactions/interactions.store.ts';
import type { InteractionLifecycle } from '../interactions/lifecycle.ts';
import type { ResultsFanout } from '../interactions/results-fanout.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { moderatedSession, refusals as access } from '../session-access.ts';
import { pollDefinition } from './poll-definition.ts';

export interface PollsDeps {
  store: {
    interactions: Pick<InteractionStore, 'getPoll' | 'getCloud' | 'createPoll' | 'updatePoll' | 'castBallot'>;
    program: ProgramStore;
  };
  clock: Clock;
  lifecycle: InteractionLifecycle;
  results: ResultsFanout;
}

/**
 * Flash polls: definitions and ballots; their lifecycle is the shared one (`lifecycle.ts`) and
 * their results go out through the fan-out (`results-fanout.ts`), both after the durable write.
 */
export class PollsService {
  constructor(private readonly deps: PollsDeps) {}

  /** Moderators of the session: prepare a poll; `poll:updated` to moderators only (a draft). */
  async create(principal: Principal, input: CommandParsedInput<'poll:create'>): Promise<Poll> {
    await moderatedSession(this.deps.store.program, principal, input.sessionId);
    const poll = await this.deps.store.interactions.createPoll({
      id: newId(),
      sessionId: input.sessionId,
      definition: pollDefinition(input.draft),
      at: this.deps.clock.now(),
    });
    this.deps.lifecycle.publishUpdated(poll);
    return poll;
  }

  /** Moderators of the session: edit a poll that has no ballot yet (CONFLICT otherwise). */
  async update(principal: Principal, input: CommandParsedInput<'poll:update'>): Promise<Poll> {
    await moderatedInteraction(this.deps.store, principal, { kind: 'poll', id: input.pollId });
    const poll = await this.deps.store.interactions.updatePoll({
      pollId: input.pollId,
      definition: pollDefinition(input.draft),
      at: this.deps.clock.now(),
    });
    this.deps.lifecycle.publishUpdated(poll);
    this.deps.results.changed('poll', poll.id);
    return poll;
  }

  /** Moderators of the session: open a draft or re-open a closed poll (ballots kept). */
  open(principal: Principal, pollId: string): Promise<Poll> {
    return this.deps.lifecycle.open(principal, { kind: 'poll', id: pollId });
  }

  /** Moderators of the session: close for the hall now, for remote voters after the stream delay. */
  close(principal: Principal, pollId: string): Promise<Poll> {
    return this.deps.lifecycle.close(principal, { kind: 'poll', id: pollId });
  }

  /** Moderators of the session: show (or hide again) the results of a `hidden` poll. */
  reveal(principal: Principal, pollId: string, revealed: boolean): Promise<Poll> {
    return this.deps.lifecycle.reveal(principal, { kind: 'poll', id: pollId }, revealed);
  }

  /**
   * Participants the session's policy lets vote: cast or change a ballot, received at `at` (the
   * command's receive time). A re-sent `clientId` answers the current ballot and counts nothing.
   * On-site ballots stop at the close, remote ones at the end of the remote window (CLOSED).
   * Results follow, coalesced.
   */
  async vote(principal: Principal, input: CommandParsedInput<'poll:vote'>, at: number): Promise<MyBallot> {
    const admission = admissionOf(principal);
    if (!admission) throw access.notParticipant();
    // The session's policy is checked by the write itself: one trip to the store.
    const result = await this.deps.store.interactions.castBallot({
      pollId: input.pollId,
      voterId: principal.id,
      mode: principal.attendance ?? 'remote',
      clientId: input.clientId,
      choices: input.choices,
      at,
      admission,
    });
    if (result.counted) this.deps.results.changed('poll', input.pollId);
    return result.ballot;
  }
}
