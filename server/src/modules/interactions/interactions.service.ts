import {
  AppError,
  type Cloud,
  type CommandParsedInput,
  type InteractionsSnapshot,
  type ModCloudWord,
  type ModInteractionsSnapshot,
  type MyBallot,
  type MyWord,
  type Poll,
  type ScreenItem,
  type Session,
} from '@agora/shared';
import type { Broadcaster } from '../broadcaster.ts';
import { newId, type Clock } from '../clock.ts';
import type { Scheduler } from '../coalescer.ts';
import type { Principal } from '../identity/principal.ts';
import { pollDefinition } from '../polls/poll-definition.ts';
import type { Presence } from '../presence.ts';
import type { ProgramStore } from '../program/program.store.ts';
import type { QuestionChange, QuestionStore } from '../questions/questions.store.ts';
import { rooms } from '../rooms.ts';
import { allows, moderatedSession, policyMessage, sessionFor } from '../session-access.ts';
import type { BlockedWords } from '../wordcloud/blocked-words.ts';
import { normaliseWord } from '../wordcloud/normalise.ts';
import type {
  Interaction,
  InteractionChange,
  InteractionKind,
  InteractionRef,
  InteractionStore,
} from './interactions.store.ts';
import { audienceSeesResults, isPublished, toAudienceCloud } from './interactions.view.ts';
import { PresenceCountsPublisher } from '../presence-counts.ts';
import { ResultsFanout } from './results-fanout.ts';

interface Logger {
  error(obj: unknown, msg: string): void;
}

export interface InteractionsDeps {
  store: InteractionStore & ProgramStore & Pick<QuestionStore, 'getLive'>;
  bus: Broadcaster;
  clock: Clock;
  /** Timers of the coalescer and of the remote windows. */
  scheduler: Scheduler;
  presence: Presence;
  blocked: BlockedWords;
  /** Publishes a Q&A change (the screen moves the Q&A sequence): the questions service's `publishChange`. */
  publishQuestionChange: (change: QuestionChange, force: boolean) => void;
  logger: Logger;
  /** Minimum time between two result broadcasts of one poll or cloud. */
  resultsIntervalMs?: number;
  /**
   * How often every node looks for `closing` interactions it has no timer for: the node that
   * closed one may die before its window ends, and another node must then end it.
   */
  closingSweepMs?: number;
}

type Ref<K extends InteractionKind> = { kind: K; id: string };
type Of<K extends InteractionKind> = Extract<Interaction, { kind: K }>;

const keyOf = (ref: InteractionRef) => `${ref.kind}:${ref.id}`;
const refOf = (item: Interaction): InteractionRef => ({ kind: item.kind, id: item.id });

/**
 * Flash polls and word clouds: the only code that changes them. Their lifecycle (open, close with
 * the remote window, finalize, reveal, screen) is written once for both.
 *
 * Publishing, always after the durable write:
 * - `poll:updated` / `cloud:updated` to the moderation room, and to the audience room unless a draft;
 * - results coalesced per poll or cloud, in two tiers: at most one broadcast per `resultsIntervalMs`
 *   to moderators (`poll:results`, `cloud:moderation` with every word and its flags) and to
 *   projectors; to the rest of the audience at a pace bounded by its size on this node
 *   (`audienceIntervalMs`). Projectors and participants get `poll:results` / `cloud:results`
 *   (without hidden words) only while the results are live or revealed — hidden results never
 *   reach them before the reveal; final results go out to every tier at once when the remote
 *   window ends;
 * - `screen:changed` (and the Q&A deltas whose sequence it moves) to the audience and moderators;
 * - `presence:counts` to moderators, coalesced.
 */
export class InteractionsService {
  /** Results of polls and clouds, in two tiers (results-fanout.ts). */
  private readonly results: ResultsFanout;
  private readonly presenceCounts: PresenceCountsPublisher;
  /** Remote-window timers, by interaction key. */
  private readonly timers = new Map<string, unknown>();
  private stopped = false;
  private sweep: ReturnType<InteractionsDeps['scheduler']['setTimeout']> | null = null;

  constructor(private readonly deps: InteractionsDeps) {
    const intervalMs = deps.resultsIntervalMs;
    this.results = new ResultsFanout({
      store: deps.store,
      bus: deps.bus,
      scheduler: deps.scheduler,
      logger: deps.logger,
      ...(intervalMs === undefined ? {} : { intervalMs }),
    });
    this.presenceCounts = new PresenceCountsPublisher(
      deps.presence,
      deps.bus,
      deps.scheduler,
      deps.logger,
      intervalMs,
    );
  }

  /**
   * Sets the remote-window timers of every interaction left `closing` (after a restart), then keeps
   * looking for ones closed on another node: if that node dies, this one ends the window on time.
   * Several nodes finalizing the same one is harmless (the store changes it once; only that node publishes).
   */
  async start(): Promise<void> {
    await this.sweepClosing();
  }

  private async sweepClosing(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const item of await this.deps.store.listClosing()) {
        if (!this.timers.has(keyOf(refOf(item)))) this.scheduleFinalize(item);
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'looking for closing polls and clouds failed');
    }
    if (this.stopped) return;
    this.sweep = this.deps.scheduler.setTimeout(
      () => void this.sweepClosing(),
      this.deps.closingSweepMs ?? 1000,
    );
  }

  /** Cancels every timer (shutdown); a `closing` interaction is picked up again by the next `start`. */
  stop(): void {
    this.stopped = true;
    if (this.sweep !== null) this.deps.scheduler.clearTimeout(this.sweep);
    this.results.stop();
    this.presenceCounts.stop();
    for (const handle of this.timers.values()) this.deps.scheduler.clearTimeout(handle);
    this.timers.clear();
  }

  // --- snapshots ---

  /** Any role of the edition: published polls and clouds, the results the caller may see, their own ballots and words. */
  async snapshot(principal: Principal, sessionId: string): Promise<InteractionsSnapshot> {
    const { store } = this.deps;
    const session = await sessionFor(store, principal, sessionId);
    const { polls, clouds } = await store.listInteractions(sessionId);
    const visiblePolls = polls.filter(isPublished);
    const visibleClouds = clouds.filter(isPublished);
    const pollResults = await Promise.all(
      visiblePolls.filter(audienceSeesResults).map((p) => store.pollResults(p.id)),
    );
    const cloudResults = await Promise.all(
      visibleClouds.filter(audienceSeesResults).map((c) => store.cloudResults(c.id)),
    );
    const isParticipant = principal.role === 'participant';
    return {
      sessionId,
      polls: visiblePolls,
      clouds: visibleClouds,
      pollResults: pollResults.filter((r) => r !== null),
      cloudResults: cloudResults.filter((r) => r !== null).map(toAudienceCloud),
      screen: (await store.getLive(sessionId)).screen,
      myBallots: isParticipant ? await store.listMyBallots(sessionId, principal.id) : [],
      myWords: isParticipant ? await store.listMyWords(sessionId, principal.id) : [],
      remoteDelaySeconds: session.remoteDelaySeconds,
      serverNow: this.deps.clock.now(),
    };
  }

  /** Moderators of the session: drafts too, every result, every word, and who is connected. */
  async moderationSnapshot(principal: Principal, sessionId: string): Promise<ModInteractionsSnapshot> {
    const { store } = this.deps;
    const session = await moderatedSession(store, principal, sessionId);
    const { polls, clouds } = await store.listInteractions(sessionId);
    const pollResults = await Promise.all(polls.map((p) => store.pollResults(p.id)));
    const cloudResults = await Promise.all(clouds.map((c) => store.cloudResults(c.id)));
    return {
      sessionId,
      polls,
      clouds,
      pollResults: pollResults.filter((r) => r !== null),
      cloudResults: cloudResults.filter((r) => r !== null),
      screen: (await store.getLive(sessionId)).screen,
      remoteDelaySeconds: session.remoteDelaySeconds,
      serverNow: this.deps.clock.now(),
      connected: await this.deps.presence.connected(sessionId),
    };
  }

  // --- definitions (moderators) ---

  /** Moderators of the session: prepare a poll; `poll:updated` to moderators only (a draft). */
  async createPoll(principal: Principal, input: CommandParsedInput<'poll:create'>): Promise<Poll> {
    await moderatedSession(this.deps.store, principal, input.sessionId);
    const poll = await this.deps.store.createPoll({
      id: newId(),
      sessionId: input.sessionId,
      definition: pollDefinition(input.draft),
      at: this.deps.clock.now(),
    });
    this.publishUpdated(poll);
    return poll;
  }

  /** Moderators of the session: edit a poll that has no ballot yet (CONFLICT otherwise). */
  async updatePoll(principal: Principal, input: CommandParsedInput<'poll:update'>): Promise<Poll> {
    await this.moderated(principal, { kind: 'poll', id: input.pollId });
    const poll = await this.deps.store.updatePoll({
      pollId: input.pollId,
      definition: pollDefinition(input.draft),
      at: this.deps.clock.now(),
    });
    this.publishUpdated(poll);
    this.resultsChanged(refOf(poll));
    return poll;
  }

  /** Moderators of the session: prepare a word cloud (a draft). */
  async createCloud(principal: Principal, input: CommandParsedInput<'cloud:create'>): Promise<Cloud> {
    await moderatedSession(this.deps.store, principal, input.sessionId);
    const cloud = await this.deps.store.createCloud({
      id: newId(),
      sessionId: input.sessionId,
      definition: { ...input.draft },
      at: this.deps.clock.now(),
    });
    this.publishUpdated(cloud);
    return cloud;
  }

  /** Moderators of the session: edit a cloud that has no word yet. */
  async updateCloud(principal: Principal, input: CommandParsedInput<'cloud:update'>): Promise<Cloud> {
    await this.moderated(principal, { kind: 'cloud', id: input.cloudId });
    const cloud = await this.deps.store.updateCloud({
      cloudId: input.cloudId,
      definition: { ...input.draft },
      at: this.deps.clock.now(),
    });
    this.publishUpdated(cloud);
    return cloud;
  }

  // --- lifecycle (moderators), once for polls and clouds ---

  /** Moderators: open a draft or re-open a closed one (ballots and words kept). */
  async open<K extends InteractionKind>(principal: Principal, ref: Ref<K>): Promise<Of<K>> {
    await this.moderated(principal, ref);
    const change = await this.deps.store.openInteraction(ref, this.deps.clock.now());
    if (change.item.status !== 'closing') this.cancelFinalize(ref);
    return this.afterLifecycle(change) as Of<K>;
  }

  /**
   * Moderators: close now for the hall; remote participants keep the session's stream delay, after
   * which the final results are published (a timer, set again after a restart).
   */
  async close<K extends InteractionKind>(principal: Principal, ref: Ref<K>): Promise<Of<K>> {
    await this.moderated(principal, ref);
    const change = await this.deps.store.closeInteraction(ref, this.deps.clock.now());
    this.scheduleFinalize(change.item);
    return this.afterLifecycle(change) as Of<K>;
  }

  /** Moderators: show (or hide again) the results of a `hidden` interaction to the audience. */
  async reveal<K extends InteractionKind>(
    principal: Principal,
    ref: Ref<K>,
    revealed: boolean,
  ): Promise<Of<K>> {
    await this.moderated(principal, ref);
    const change = await this.deps.store.revealInteraction(ref, revealed, this.deps.clock.now());
    return this.afterLifecycle(change) as Of<K>;
  }

  private afterLifecycle(change: InteractionChange): Interaction {
    if (change.changed) {
      this.publishUpdated(change.item);
      // Final results (and a reveal) go out at once; other status changes ride the coalescer.
      const ref = refOf(change.item);
      if (change.item.status === 'closed' || change.item.revealed) this.resultsChanged(ref, true);
      else this.resultsChanged(ref);
    }
    return change.item;
  }

  /** Ends the remote window: `closed`, then the exact final results at once. */
  async finalize(ref: InteractionRef): Promise<void> {
    this.timers.delete(keyOf(ref));
    if (this.stopped) return;
    const change = await this.deps.store.finalizeInteraction(ref, this.deps.clock.now());
    if (change.changed) {
      this.publishUpdated(change.item);
      this.resultsChanged(ref, true);
    } else if (change.item.status === 'closing') {
      // The timer fired a little before the store's clock reached the end of the window.
      this.scheduleFinalize(change.item);
    }
  }

  private scheduleFinalize(item: Interaction): void {
    if (this.stopped || item.status !== 'closing' || item.remoteClosesAt === null) return;
    const ref = refOf(item);
    this.cancelFinalize(ref);
    const wait = Math.max(0, item.remoteClosesAt - this.deps.clock.now());
    this.timers.set(
      keyOf(ref),
      this.deps.scheduler.setTimeout(() => {
        this.finalize(ref).catch((error: unknown) =>
          this.deps.logger.error({ err: error, ref }, 'closing the remote window failed'),
        );
      }, wait),
    );
  }

  private cancelFinalize(ref: InteractionRef): void {
    const handle = this.timers.get(keyOf(ref));
    if (handle === undefined) return;
    this.deps.scheduler.clearTimeout(handle);
    this.timers.delete(keyOf(ref));
  }

  // --- participation ---

  /**
   * Participants the session's policy lets vote: cast or change a ballot. A re-sent `clientId`
   * answers the current ballot and counts nothing. On-site ballots stop at the close, remote ones at
   * the end of the remote window (CLOSED). Results follow, coalesced.
   */
  async vote(principal: Principal, input: CommandParsedInput<'poll:vote'>): Promise<MyBallot> {
    const poll = await this.deps.store.getPoll(input.pollId);
    if (!poll) throw new AppError('NOT_FOUND', 'poll not found');
    await this.participating(principal, poll.sessionId);
    const result = await this.deps.store.castBallot({
      pollId: poll.id,
      voterId: principal.id,
      mode: principal.attendance ?? 'remote',
      clientId: input.clientId,
      choices: input.choices,
      at: this.deps.clock.now(),
    });
    if (result.counted) this.resultsChanged(refOf(poll));
    return result.ballot;
  }

  /**
   * Participants the policy lets vote: send a word or short phrase. It is normalised (grouping key)
   * and checked against the blocked words (a blocked new word is held back for moderators).
   */
  async submitWord(principal: Principal, input: CommandParsedInput<'cloud:submit'>): Promise<MyWord> {
    const cloud = await this.deps.store.getCloud(input.cloudId);
    if (!cloud) throw new AppError('NOT_FOUND', 'cloud not found');
    await this.participating(principal, cloud.sessionId);
    const normalised = normaliseWord(input.text);
    if (!normalised) throw new AppError('INVALID_PAYLOAD', 'no word in this text');
    const result = await this.deps.store.submitWord({
      cloudId: cloud.id,
      participantId: principal.id,
      mode: principal.attendance ?? 'remote',
      clientId: input.clientId,
      text: normalised.display,
      key: normalised.key,
      blocked: this.deps.blocked.blocks(normalised.key),
      at: this.deps.clock.now(),
    });
    if (result.counted) this.resultsChanged(refOf(cloud));
    return result.word;
  }

  /** Moderators: hide a word group from every screen at once (it stays hidden when sent again), or show it. */
  async hideWord(principal: Principal, input: CommandParsedInput<'cloud:hide'>): Promise<ModCloudWord> {
    const cloud = await this.moderated(principal, { kind: 'cloud', id: input.cloudId });
    const word = await this.deps.store.setWordHidden({
      cloudId: cloud.id,
      key: input.key,
      hidden: input.hidden,
      at: this.deps.clock.now(),
    });
    this.resultsChanged(refOf(cloud), true);
    return word;
  }

  // --- session settings and the screen ---

  /** Moderators: put a question, poll or cloud on the projector (one thing at a time), or nothing. */
  async show(
    principal: Principal,
    input: CommandParsedInput<'screen:show'>,
  ): Promise<{ sessionId: string; screen: ScreenItem | null }> {
    await moderatedSession(this.deps.store, principal, input.sessionId);
    const change = await this.deps.store.setScreen({
      sessionId: input.sessionId,
      item: input.item,
      at: this.deps.clock.now(),
    });
    this.deps.publishQuestionChange(change, true);
    return { sessionId: input.sessionId, screen: change.live.screen };
  }

  /** Moderators: set the remote stream delay (applies from the next close); `session:updated` to every room of it. */
  async setDelay(principal: Principal, input: CommandParsedInput<'session:set-delay'>): Promise<Session> {
    await moderatedSession(this.deps.store, principal, input.sessionId);
    const session = await this.deps.store.setRemoteDelay(input.sessionId, input.remoteDelaySeconds);
    this.deps.bus.publish(rooms.audience(session.id), 'session:updated', session);
    this.deps.bus.publish(rooms.moderation(session.id), 'session:updated', session);
    return session;
  }

  /** Called by the transport when participants come and go: moderators get coalesced counts. */
  presenceChanged(sessionId: string): void {
    this.presenceCounts.changed(sessionId);
  }

  // --- helpers ---

  private async moderated(principal: Principal, ref: InteractionRef): Promise<Interaction> {
    if (principal.role !== 'moderator') throw new AppError('FORBIDDEN', 'moderators only');
    const item =
      ref.kind === 'poll' ? await this.deps.store.getPoll(ref.id) : await this.deps.store.getCloud(ref.id);
    if (!item) throw new AppError('NOT_FOUND', `${ref.kind} not found`);
    await moderatedSession(this.deps.store, principal, item.sessionId);
    return item;
  }

  private async participating(principal: Principal, sessionId: string): Promise<void> {
    const session = await sessionFor(this.deps.store, principal, sessionId);
    if (principal.role !== 'participant') throw new AppError('FORBIDDEN', 'only participants take part');
    if (!allows(session.policy.vote, principal)) {
      throw new AppError('POLICY_FORBIDS', policyMessage(session.policy.vote, 'vote'));
    }
  }

  private publishUpdated(item: Interaction): void {
    const targets = [rooms.moderation(item.sessionId)];
    if (isPublished(item)) targets.push(rooms.audience(item.sessionId));
    for (const room of targets) {
      if (item.kind === 'poll') this.deps.bus.publish(room, 'poll:updated', item);
      else this.deps.bus.publish(room, 'cloud:updated', item);
    }
  }

  private resultsChanged(ref: InteractionRef, now = false): void {
    this.results.changed(ref.kind, ref.id, now);
  }
}
