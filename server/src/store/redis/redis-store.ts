import { Redis } from 'ioredis';
import {
  type Cloud,
  type Edition,
  type InteractionPolicy,
  type ModCloudResults,
  type ModCloudWord,
  type ModerationAction,
  type MyBallot,
  type MyWord,
  type Poll,
  type PollResults,
  type Role,
  type ScreenItem,
  type Session,
} from '@agora/shared';
import type {
  CodeRecord,
  ModeratorRecord,
  PrincipalRecord,
  RegistrantRecord,
  ScreenRecord,
} from '../../modules/identity/identity.store.ts';
import type {
  NewQuestion,
  QuestionChange,
  QuestionRecord,
  SessionLive,
} from '../../modules/questions/questions.store.ts';
import type {
  CloudDefinition,
  Interaction,
  InteractionChange,
  InteractionRef,
  NewBallot,
  NewWord,
  PollDefinition,
} from '../../modules/interactions/interactions.store.ts';
import type { Store } from '../store.ts';
import { RedisAttendanceStore } from './attendance-redis.ts';
import { RedisContentStore } from './content-redis.ts';
import { RedisWatchStore } from './watch-redis.ts';
import { RedisOrganizerStore } from './organizer-redis.ts';
import { RedisInteractionWrites } from './interaction-writes.ts';
import { RedisInteractions } from './interactions-redis.ts';
import { RedisPrivacyParts } from './privacy-redis.ts';
import { RedisQuestionWrites } from './question-writes.ts';
import { COMMAND_TIMEOUT_MS, mappingErrors, ready } from './redis-errors.ts';
import { RedisProgram } from './program-redis.ts';
import { RedisQuestions } from './questions-redis.ts';
import { ScriptRunner, scripts, type ScriptCommands } from './scripts.ts';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** Namespace of every key, so several deployments (or tests) can share one Redis. */
  prefix?: string;
  /**
   * How long a command may wait for its reply before it fails with UNAVAILABLE (ms). A command
   * issued while the connection is down fails at once (no offline queue); this bounds the rest: a
   * connection that died without a word, a Redis that hangs.
   */
  commandTimeoutMs?: number;
  /** How long `connect` waits for a first answer (through the reconnection backoff) before it fails (ms). */
  connectTimeoutMs?: number;
  /** Connection problems (they also surface as failed commands once retries are exhausted). */
  onError?: (error: Error) => void;
}

/** How long the reply of a non-idempotent write is kept to answer a re-sent command (seconds). */
const OP_TTL_SECONDS = 600;

/**
 * The store for several nodes: all state in one Redis primary, every change atomic and checked
 * against the state it applies to, so nodes never race a read-modify-write. The rules are decided in
 * TypeScript (the modules' *.rules.ts) and committed by a generic compare-and-set that writes only if
 * what the decision read is unchanged (question-writes.ts, interaction-writes.ts); the hot writes
 * (asks, upvotes, ballots, words) are one Lua script each, which refuse by a rule's name
 * (rule-refusals.ts). Reads are single commands or read-only scripts. One class per feature
 * (program-redis.ts, questions-redis.ts, interactions-redis.ts, organizer-redis.ts…), composed here.
 *
 * Durability: a promise resolves when Redis has answered. Run Redis with `appendonly yes` and
 * `appendfsync always`: Redis then writes and fsyncs the AOF before it sends the reply, so an
 * acknowledged change survives a crash or `kill -9` of Redis. With `appendfsync everysec` up to
 * about a second of acknowledged changes can be lost; without AOF, everything since the last RDB save.
 *
 * Redis stops or restarts: a command issued while the connection is down fails at once (no offline
 * queue), one whose reply does not come within `commandTimeoutMs` fails then; both as UNAVAILABLE,
 * so a join answers 503 and a socket command an UNAVAILABLE ack within about 2 s instead of hanging,
 * and the client's outbox re-sends with its client id. (An offline queue held them until Redis came
 * back: joins hung, then failed with a 500.) The connection keeps reconnecting by itself; `probe`
 * (readiness) is a write, so `/readyz` says 503 until Redis answers and accepts writes again.
 * A command already sent whose reply was lost is re-sent after the reconnection
 * (`autoResendUnfulfilledCommands`), even though its caller may have been answered UNAVAILABLE; the
 * client's re-send then meets the first run. A write may therefore reach Redis twice:
 * - puts, `setPolicy`, `setBlackout` and reads are idempotent;
 * - `setUpvote` has set semantics: a second run answers `changed: []`. Upvotes are the high-volume
 *   writes, so they carry no extra bookkeeping; the only effect of a re-send is that the caller may
 *   not publish a change that did happen. Its sequence number was bumped, so clients see the gap at
 *   the next change and fetch a snapshot, and the next vote broadcast carries the whole count anyway;
 * - a question, a ballot or a word carries the client's id, and a second one with the same id gets
 *   the first one's answer;
 * - the writes decided in TypeScript (`moderate`: reopen is not idempotent; `editQuestion`,
 *   `mergeQuestions`: a second run would be refused; the screen; poll and cloud definitions, lifecycle,
 *   word hiding and the wipe) carry an operation id: the compare-and-set records it with its writes,
 *   and a re-sent command writes nothing and answers the state as it is then;
 * - every other write (`askQuestion`, which would otherwise answer `created: false` to its own first
 *   run, `revokeCodes`, ballots and words) carries an operation id: the script records its reply
 *   under it, in the same atomic, fsynced step, and a re-sent command gets that reply back instead of
 *   applying twice. The record lives `OP_TTL_SECONDS`.
 */
export class RedisStore implements Store {
  readonly kind = 'redis';
  /** The organizer console's part (its own scripts, in organizer-scripts.ts). */
  readonly organizer: RedisOrganizerStore;
  readonly content: RedisContentStore;
  readonly watch: RedisWatchStore;
  readonly attendance: RedisAttendanceStore;
  /** Each feature's erasure and wipe (scripts in privacy-scripts.ts), handed on below. */
  private readonly privacy: RedisPrivacyParts;
  /** Editions, sessions, principals and codes. */
  private readonly program: RedisProgram;
  /** Question reads, asks and upvotes (scripts). */
  private readonly questions: RedisQuestions;
  /** Moderation, edits, merges and the screen: decided in TypeScript, committed by compare-and-set. */
  private readonly questionWrites: RedisQuestionWrites;
  /** Poll and cloud reads, ballots and words (scripts). */
  private readonly interactions: RedisInteractions;
  /** Poll and cloud definitions, lifecycle, hiding words, the wipe: decided in TypeScript, compare-and-set. */
  private readonly interactionWrites: RedisInteractionWrites;

  /** The client itself, for its state and for `close`; the store's calls go through `redis`. */
  private readonly connection: Redis;

  private constructor(
    connection: Redis & ScriptCommands,
    private readonly prefix: string,
  ) {
    this.connection = connection;
    this.redis = mappingErrors(connection);
    this.organizer = new RedisOrganizerStore(this.redis, prefix);
    this.content = new RedisContentStore(this.redis, prefix);
    this.watch = new RedisWatchStore(this.redis, prefix);
    this.attendance = new RedisAttendanceStore(this.redis, prefix);
    this.privacy = new RedisPrivacyParts(this.redis, prefix);
    const scripts = new ScriptRunner(this.redis, prefix, OP_TTL_SECONDS);
    this.program = new RedisProgram(scripts);
    this.questions = new RedisQuestions(scripts);
    this.questionWrites = new RedisQuestionWrites(this.redis, prefix, OP_TTL_SECONDS);
    this.interactions = new RedisInteractions(this.redis, prefix, OP_TTL_SECONDS);
    this.interactionWrites = new RedisInteractionWrites(this.redis, prefix, OP_TTL_SECONDS);
  }
  private readonly redis: Redis & ScriptCommands;

  /** Connects and waits until Redis answers (through the reconnection backoff, so it can start later). */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const redis = new Redis(options.url, {
      connectionName: 'agora-store',
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      // After a failover the old primary answers READONLY: reconnect and re-send.
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    });
    redis.on('error', options.onError ?? (() => undefined));
    for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys: 0, lua });
    const store = new RedisStore(redis as Redis & ScriptCommands, options.prefix ?? 'agora:');
    try {
      await ready(redis, options.connectTimeoutMs ?? 30_000);
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    return store;
  }

  /** Readiness: a write with a short expiry, so a Redis that answers but refuses writes is not ready. */
  async probe(): Promise<void> {
    await this.redis.set(this.key('readyz'), String(Date.now()), 'PX', 60_000);
  }

  /**
   * The server's persistence settings, for a startup warning when acknowledged writes would not be
   * durable; null when the server refuses CONFIG (some managed services do).
   */
  async persistence(): Promise<{ appendonly: string; appendfsync: string } | null> {
    try {
      const [, appendonly = ''] = (await this.redis.config('GET', 'appendonly')) as string[];
      const [, appendfsync = ''] = (await this.redis.config('GET', 'appendfsync')) as string[];
      return { appendonly, appendfsync };
    } catch {
      return null;
    }
  }

  /** The connection, for callers that need a duplicate (e.g. the Socket.IO adapter's pub/sub). */
  get client(): Redis {
    return this.connection;
  }

  async close(): Promise<void> {
    if (this.connection.status === 'end') return;
    if (this.connection.status !== 'ready') {
      // Nothing can be in flight that would still succeed; do not wait through the retries.
      this.connection.disconnect();
      return;
    }
    await this.connection.quit();
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  // --- program and identity (program-redis.ts) ---

  isEmpty(): Promise<boolean> {
    return this.program.isEmpty();
  }
  claimDemo(): Promise<boolean> {
    return this.program.claimDemo();
  }
  putEdition(edition: Edition): Promise<void> {
    return this.program.putEdition(edition);
  }
  getEdition(id: string): Promise<Edition | null> {
    return this.program.getEdition(id);
  }
  getEditionBySlug(slug: string): Promise<Edition | null> {
    return this.program.getEditionBySlug(slug);
  }
  putSession(session: Session): Promise<void> {
    return this.program.putSession(session);
  }
  getSession(id: string): Promise<Session | null> {
    return this.program.getSession(id);
  }
  listSessions(editionId: string): Promise<Session[]> {
    return this.program.listSessions(editionId);
  }
  setPolicy(sessionId: string, policy: InteractionPolicy): Promise<Session> {
    return this.program.setPolicy(sessionId, policy);
  }
  setRemoteDelay(sessionId: string, remoteDelaySeconds: number): Promise<Session> {
    return this.program.setRemoteDelay(sessionId, remoteDelaySeconds);
  }
  readonly setBlackout = (sessionId: string, on: boolean) => this.program.setBlackout(sessionId, on);
  putRegistrant(registrant: RegistrantRecord): Promise<void> {
    return this.organizer.putPrincipal({ role: 'participant', ...registrant });
  }
  putModerator(moderator: ModeratorRecord): Promise<void> {
    return this.organizer.putPrincipal({ role: 'moderator', ...moderator });
  }
  putScreen(screen: ScreenRecord): Promise<void> {
    return this.organizer.putPrincipal({ role: 'projector', ...screen });
  }
  getPrincipal(role: Role, id: string): Promise<PrincipalRecord | null> {
    return this.program.getPrincipal(role, id);
  }
  putCode(code: CodeRecord): Promise<void> {
    return this.program.putCode(code);
  }
  findCode(hash: string): Promise<CodeRecord | null> {
    return this.program.findCode(hash);
  }
  revokeCodes(role: Role, principalId: string): Promise<number> {
    return this.program.revokeCodes(role, principalId);
  }

  erasePrincipal(role: Role, editionId: string, principalId: string): Promise<number> {
    return this.privacy.erasePrincipal(role, editionId, principalId);
  }
  anonymiseAuthor(editionId: string, authorId: string): Promise<number> {
    return this.privacy.anonymiseAuthor(editionId, authorId);
  }
  wipeQuestions(editionId: string): Promise<number> {
    return this.privacy.wipeQuestions(editionId);
  }
  wipeInteractions(editionId: string): Promise<number> {
    return this.interactionWrites.wipeInteractions(editionId);
  }

  // --- questions: asks, upvotes and reads in questions-redis.ts, the other writes in question-writes.ts ---

  getLive(sessionId: string): Promise<SessionLive> {
    return this.questions.getLive(sessionId);
  }
  listQuestions(sessionId: string): Promise<QuestionRecord[]> {
    return this.questions.listQuestions(sessionId);
  }
  getQuestion(id: string): Promise<QuestionRecord | null> {
    return this.questions.getQuestion(id);
  }
  listUpvoted(sessionId: string, voterId: string): Promise<string[]> {
    return this.questions.listUpvoted(sessionId, voterId);
  }
  askQuestion(q: NewQuestion): Promise<QuestionChange & { question: QuestionRecord; created: boolean }> {
    return this.questions.askQuestion(q);
  }
  setUpvote(input: {
    questionId: string;
    voterId: string;
    up: boolean;
    at: number;
  }): Promise<QuestionChange & { question: QuestionRecord; upvoted: boolean }> {
    return this.questions.setUpvote(input);
  }
  moderate(input: { questionId: string; action: ModerationAction; at: number }): Promise<QuestionChange> {
    return this.questionWrites.moderate(input);
  }

  editQuestion(input: { questionId: string; text: string; by: string; at: number }): Promise<QuestionChange> {
    return this.questionWrites.editQuestion(input);
  }

  mergeQuestions(input: { sourceId: string; targetId: string; at: number }): Promise<QuestionChange> {
    return this.questionWrites.mergeQuestions(input);
  }

  async setOnScreen(input: {
    sessionId: string;
    questionId: string | null;
    at: number;
  }): Promise<QuestionChange> {
    const item: ScreenItem | null = input.questionId ? { kind: 'question', id: input.questionId } : null;
    return this.setScreen({ sessionId: input.sessionId, item, at: input.at });
  }

  // --- polls, word clouds, screen: reads, ballots and words in interactions-redis.ts, the other
  // writes decided by the rules and committed by compare-and-set in interaction-writes.ts ---

  listInteractions(sessionId: string): Promise<{ polls: Poll[]; clouds: Cloud[] }> {
    return this.interactions.listInteractions(sessionId);
  }
  getPoll(id: string): Promise<Poll | null> {
    return this.interactions.getPoll(id);
  }
  getCloud(id: string): Promise<Cloud | null> {
    return this.interactions.getCloud(id);
  }
  listClosing(): Promise<Interaction[]> {
    return this.interactions.listClosing();
  }
  pollResults(pollId: string): Promise<PollResults | null> {
    return this.interactions.pollResults(pollId);
  }
  cloudResults(cloudId: string): Promise<ModCloudResults | null> {
    return this.interactions.cloudResults(cloudId);
  }
  listMyBallots(sessionId: string, voterId: string): Promise<MyBallot[]> {
    return this.interactions.listMyBallots(sessionId, voterId);
  }
  listMyWords(sessionId: string, participantId: string): Promise<MyWord[]> {
    return this.interactions.listMyWords(sessionId, participantId);
  }
  castBallot(input: NewBallot): Promise<{ ballot: MyBallot; counted: boolean; results: PollResults }> {
    return this.interactions.castBallot(input);
  }
  submitWord(input: NewWord): Promise<{ word: MyWord; counted: boolean }> {
    return this.interactions.submitWord(input);
  }
  createPoll(input: {
    id: string;
    sessionId: string;
    definition: PollDefinition;
    at: number;
  }): Promise<Poll> {
    return this.interactionWrites.createPoll(input);
  }
  updatePoll(input: { pollId: string; definition: PollDefinition; at: number }): Promise<Poll> {
    return this.interactionWrites.updatePoll(input);
  }
  createCloud(input: {
    id: string;
    sessionId: string;
    definition: CloudDefinition;
    at: number;
  }): Promise<Cloud> {
    return this.interactionWrites.createCloud(input);
  }
  updateCloud(input: { cloudId: string; definition: CloudDefinition; at: number }): Promise<Cloud> {
    return this.interactionWrites.updateCloud(input);
  }
  openInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.interactionWrites.lifecycle(ref, 'open', at);
  }
  closeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.interactionWrites.lifecycle(ref, 'close', at);
  }
  finalizeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.interactionWrites.lifecycle(ref, 'finalize', at);
  }
  revealInteraction(ref: InteractionRef, revealed: boolean): Promise<InteractionChange> {
    return this.interactionWrites.reveal(ref, revealed);
  }
  setWordHidden(input: { cloudId: string; key: string; hidden: boolean; at: number }): Promise<ModCloudWord> {
    return this.interactionWrites.setWordHidden(input);
  }

  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    return this.questionWrites.setScreen(input);
  }
}
