import { randomUUID } from 'node:crypto';
import { Redis, ReplyError } from 'ioredis';
import {
  AppError,
  ErrorCode,
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
  type Tally,
} from '@agora/shared';
import type {
  CodeRecord,
  ModeratorRecord,
  PrincipalRecord,
  RegistrantRecord,
  ScreenRecord,
} from '../../modules/identity/identity.store.ts';
import { refusals } from '../../modules/questions/questions.rules.ts';
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
  InteractionKind,
  InteractionRef,
  NewBallot,
  NewWord,
  PollDefinition,
} from '../../modules/interactions/interactions.store.ts';
import type { Store } from '../store.ts';
import { RedisContentStore } from './content-redis.ts';
import { RedisOrganizerStore } from './organizer-redis.ts';
import { RedisPrivacyParts } from './privacy-redis.ts';
import { LIVE_FIELDS, liveOf, toRecord, toScreen, type RawView } from './question-records.ts';
import { RedisQuestionWrites } from './question-writes.ts';
import { scripts, type ScriptName } from './scripts.ts';

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

/** The fields of a session hash that make a `Session` (see `toSession`). */
const SESSION_FIELDS = ['json', 'policy', 'remoteDelay'] as const;

/** How long the reply of a non-idempotent write is kept to answer a re-sent command (seconds). */
const OP_TTL_SECONDS = 600;

type ScriptCommands = Record<ScriptName, (...args: (string | number)[]) => Promise<unknown>>;

/**
 * sessionId, seq, onScreenId ('' for none), pending, view on screen (empty when none), changed views,
 * screen kind and id ('' for none), whether the screen moved (1/0), whether a poll on screen is split
 * ('1'/'0'; absent in replies recorded before the split).
 */
type RawChange = [string, number, string, number, RawView | [], RawView[], string, string, number, string?];
/** A poll's {sessionId, status, version} and its tally as HGETALL. */
type RawResults = [[string, string, string], string[]];
/** A word group: key, text, count, onsite, remote, hidden, blocked. */
type RawGroup = [string, string, string, string, string, string, string];

/**
 * Replies by which Redis says it cannot serve now (loading its data after a restart, refusing writes
 * after a failed save or on a replica, out of memory, busy with a script): the store is unavailable,
 * not the request wrong.
 */
const UNAVAILABLE_REPLY = /^(LOADING|MISCONF|READONLY|OOM|BUSY|MASTERDOWN|NOREPLICAS|TRYAGAIN|CLUSTERDOWN)\b/;

/** Default of `commandTimeoutMs`: joins and commands fail within about 2 s, and the outbox re-sends. */
const COMMAND_TIMEOUT_MS = 1_500;

const appErrorPattern = new RegExp(`^(${Object.values(ErrorCode).join('|')}) (.*)$`, 's');

const rulePattern = /^RULE (\w+)(?: (.*))?$/s;

/**
 * Maps a refusal returned by a script to the same AppError as the embedded store: `{err = 'CODE
 * message'}`, or `{err = 'RULE name arg'}` for a refusal whose text lives in the question rules.
 */
function toAppError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const rule = rulePattern.exec(error.message);
  if (rule && Object.hasOwn(refusals, rule[1] ?? '')) {
    const refuse = refusals[rule[1] as keyof typeof refusals] as (arg?: string) => AppError;
    return refuse(rule[2]);
  }
  const match = appErrorPattern.exec(error.message);
  return match ? new AppError(match[1] as ErrorCode, match[2] ?? '') : error;
}

/** Resolves once the client is ready (it keeps reconnecting meanwhile), rejects after `timeoutMs`. */
function ready(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let last: Error | null = null;
    const onError = (error: Error) => {
      last = error;
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      redis.off('error', onError);
      reject(new Error(`Redis did not answer within ${timeoutMs} ms${last ? `: ${last.message}` : ''}`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      redis.off('error', onError);
      resolve();
    };
    redis.once('ready', onReady);
    redis.on('error', onError);
  });
}

/**
 * An error from a Redis call as the services see it: a script's refusal as its AppError, anything
 * that says Redis did not answer (no connection, no reply in time, a reply that means "not now") as
 * UNAVAILABLE, which the client's outbox re-sends with the same client id.
 */
function storeError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof AppError) return error;
  const replied = error.name === 'ReplyError' || error instanceof ReplyError;
  if (!replied || UNAVAILABLE_REPLY.test(error.message)) {
    return new AppError('UNAVAILABLE', 'the data store does not answer; retry');
  }
  return toAppError(error);
}

/**
 * The client as the stores use it: every promise it returns (commands, scripts, a pipeline's exec)
 * rejects with `storeError`, so no method can forget the mapping. Only the stores' calls go through
 * it; ioredis' own calls (handshake, resends) see the client itself.
 */
function mappingErrors<T extends Redis>(redis: T): T {
  const wrapExec = (pipeline: { exec: (...args: unknown[]) => Promise<unknown> }) => {
    const exec = pipeline.exec.bind(pipeline);
    pipeline.exec = (...args: unknown[]) =>
      exec(...args).catch((error: unknown) => {
        throw storeError(error);
      });
    return pipeline;
  };
  return new Proxy(redis, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            throw storeError(error);
          });
        }
        if (property === 'pipeline' || property === 'multi') {
          return wrapExec(result as { exec: (...a: unknown[]) => Promise<unknown> });
        }
        return result;
      };
    },
  });
}

function toChange([
  sessionId,
  seq,
  onScreenId,
  pending,
  onView,
  views,
  screenKind,
  screenId,
  screenChanged,
  screenSplit,
]: RawChange): QuestionChange {
  return {
    sessionId,
    seq,
    changed: views.map(toRecord),
    live: {
      seq,
      onScreenId: onScreenId || null,
      pending,
      screen: toScreen(screenKind, screenId, screenSplit),
    },
    onScreen: onView.length === 0 ? null : toRecord(onView as RawView),
    screenChanged: screenChanged === 1,
  };
}

/** A flat HGETALL reply as an object. */
function fieldsOf(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

const timestamp = (value: string | undefined): number | null => (value ? Number(value) : null);

/** What a poll's `def` field holds: its definition but the visibility (a field of its own). */
type StoredPollDef = Pick<Poll, 'question' | 'pollKind' | 'options' | 'maxChoices' | 'scale'>;

/** A poll or cloud from its hash (HGETALL as an object). */
function toInteraction(kind: InteractionKind, f: Record<string, string>): Interaction {
  const lifecycle = {
    id: f.id ?? '',
    sessionId: f.sessionId ?? '',
    status: f.status as Poll['status'],
    visibility: f.visibility as Poll['visibility'],
    revealed: f.revealed === '1',
    createdAt: Number(f.createdAt),
    openedAt: timestamp(f.openedAt),
    closedAt: timestamp(f.closedAt),
    remoteClosesAt: timestamp(f.remoteClosesAt),
  };
  if (kind === 'poll') {
    const def = JSON.parse(f.def ?? '{}') as StoredPollDef;
    return {
      ...lifecycle,
      kind: 'poll',
      question: def.question,
      pollKind: def.pollKind,
      options: def.options,
      maxChoices: def.maxChoices,
      scale: def.scale,
    };
  }
  return {
    ...lifecycle,
    kind: 'cloud',
    prompt: f.prompt ?? '',
    maxWordsPerParticipant: Number(f.maxWordsPerParticipant),
    maxLength: Number(f.maxLength),
  };
}

function toPoll(flat: string[]): Poll {
  return toInteraction('poll', fieldsOf(flat)) as Poll;
}

function toCloud(flat: string[]): Cloud {
  return toInteraction('cloud', fieldsOf(flat)) as Cloud;
}

/** A `poll:<id>` or `cloud:<id>` ref with its hash. */
function fromRef([ref, flat]: [string, string[]]): Interaction {
  const kind = ref.slice(0, ref.indexOf(':')) as InteractionKind;
  return toInteraction(kind, fieldsOf(flat));
}

function toResults(pollId: string, [[sessionId, status, version], flat]: RawResults): PollResults {
  const tallies: Record<'all' | 'onsite' | 'remote', Tally> = {
    all: { ballots: 0, counts: {} },
    onsite: { ballots: 0, counts: {} },
    remote: { ballots: 0, counts: {} },
  };
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i] as string;
    const value = Number(flat[i + 1]);
    const colon = field.indexOf(':');
    const head = field.slice(0, colon);
    const rest = field.slice(colon + 1);
    if (head === 'n') {
      const tally = tallies[rest as keyof typeof tallies] as Tally | undefined;
      if (tally) tally.ballots = value;
    } else {
      const tally = tallies[head as keyof typeof tallies] as Tally | undefined;
      if (tally) tally.counts[rest] = value;
    }
  }
  return {
    pollId,
    sessionId,
    version: Number(version),
    ...tallies,
    final: status === 'closed',
  };
}

function toWord([key, text, count, onsite, remote, hidden, blocked]: RawGroup): ModCloudWord {
  return {
    key,
    text,
    count: Number(count),
    onsite: Number(onsite),
    remote: Number(remote),
    hidden: hidden === '1',
    blocked: blocked === '1',
  };
}

function toMyWord(json: string): MyWord {
  const w = JSON.parse(json) as MyWord;
  return { cloudId: w.cloudId, clientId: w.clientId, text: w.text, key: w.key };
}

/** The arguments a poll's definition is stored from: visibility, def JSON, kind, maxChoices, option ids. */
function pollArgs(definition: PollDefinition): (string | number)[] {
  const def: StoredPollDef = {
    question: definition.question,
    pollKind: definition.pollKind,
    options: definition.options.map((o) => ({ id: o.id, label: o.label })),
    maxChoices: definition.maxChoices,
    scale: definition.scale,
  };
  return [
    definition.visibility,
    JSON.stringify(def),
    definition.pollKind,
    definition.maxChoices,
    ...definition.options.map((o) => o.id),
  ];
}

function cloudArgs(definition: CloudDefinition): (string | number)[] {
  return [definition.visibility, definition.prompt, definition.maxWordsPerParticipant, definition.maxLength];
}

/**
 * The store for several nodes: all state in one Redis primary, every change atomic and checked
 * against the state it applies to, so nodes never race a read-modify-write: one Lua script each, or,
 * for the question writes decided in TypeScript (moderation, edits, merges, the screen), a generic
 * compare-and-set that writes only if what the decision read is unchanged (question-writes.ts).
 * Reads are single commands or read-only scripts.
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
 * - puts, `setPolicy` and reads are idempotent;
 * - `setUpvote` has set semantics: a second run answers `changed: []`. Upvotes are the high-volume
 *   writes, so they carry no extra bookkeeping; the only effect of a re-send is that the caller may
 *   not publish a change that did happen. Its sequence number was bumped, so clients see the gap at
 *   the next change and fetch a snapshot, and the next vote broadcast carries the whole count anyway;
 * - a question, a ballot or a word carries the client's id, and a second one with the same id gets
 *   the first one's answer;
 * - `moderate` (reopen is not idempotent), `editQuestion`, `mergeQuestions` (a second run would be
 *   refused) and the screen carry an operation id: the compare-and-set records it with its writes, and
 *   a re-sent command writes nothing and answers the state as it is then;
 * - every other write (`askQuestion`, which would otherwise answer `created: false` to its own first
 *   run, `revokeCodes`, polls and clouds) carries an operation id: the script records its reply
 *   under it, in the same atomic, fsynced step, and a re-sent command gets that reply back instead of
 *   applying twice. The record lives `OP_TTL_SECONDS`.
 */
export class RedisStore implements Store {
  readonly kind = 'redis';

  /** The organizer console's part (its own scripts, in organizer-scripts.ts). */
  readonly organizer: RedisOrganizerStore;
  readonly content: RedisContentStore;
  /** Each feature's erasure and wipe (scripts in privacy-scripts.ts), handed on below. */
  private readonly privacy: RedisPrivacyParts;
  /** Moderation, edits, merges and the screen: decided in TypeScript, committed by compare-and-set. */
  private readonly questionWrites: RedisQuestionWrites;

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
    this.privacy = new RedisPrivacyParts(this.redis, prefix);
    this.questionWrites = new RedisQuestionWrites(this.redis, prefix, OP_TTL_SECONDS);
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

  /** A script; its refusals arrive as AppErrors (see `mappingErrors`). */
  private async run<T>(name: ScriptName, ...args: (string | number)[]): Promise<T> {
    return (await this.redis[name](this.prefix, ...args)) as T;
  }

  /** A write that is not idempotent by itself: tagged so that a re-sent command is answered, not re-applied. */
  private once<T>(name: ScriptName, ...args: (string | number)[]): Promise<T> {
    return this.run<T>(name, randomUUID(), OP_TTL_SECONDS, ...args);
  }

  // --- program ---

  async isEmpty(): Promise<boolean> {
    return (await this.redis.hlen(this.key('editions'))) === 0;
  }

  async claimDemo(): Promise<boolean> {
    return (await this.redis.set(this.key('claim:demo'), '1', 'NX')) === 'OK';
  }

  async putEdition(edition: Edition): Promise<void> {
    await this.run('agoraPutEdition', edition.id, edition.slug, JSON.stringify(edition));
  }

  async getEdition(id: string): Promise<Edition | null> {
    const json = await this.redis.hget(this.key('editions'), id);
    return json ? (JSON.parse(json) as Edition) : null;
  }

  async getEditionBySlug(slug: string): Promise<Edition | null> {
    const id = await this.redis.hget(this.key('edition-slugs'), slug);
    const edition = id ? await this.getEdition(id) : null;
    return edition?.slug === slug ? edition : null;
  }

  async putSession(session: Session): Promise<void> {
    await this.run(
      'agoraPutSession',
      session.id,
      session.editionId,
      JSON.stringify(session),
      JSON.stringify(session.policy),
      session.remoteDelaySeconds,
    );
  }

  async getSession(id: string): Promise<Session | null> {
    const fields = await this.redis.hmget(this.key('session', id), ...SESSION_FIELDS);
    return this.toSession(fields);
  }

  async listSessions(editionId: string): Promise<Session[]> {
    const ids = await this.redis.lrange(this.key('edition', editionId, 'sessions'), 0, -1);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.key('session', id), ...SESSION_FIELDS);
    const sessions: Session[] = [];
    for (const [error, fields] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      const session = this.toSession(fields as (string | null)[]);
      if (session) sessions.push(session);
    }
    return sessions.sort((a, b) => a.startsAt - b.startsAt);
  }

  async setPolicy(sessionId: string, policy: InteractionPolicy): Promise<Session> {
    const fields = await this.run<(string | null)[]>('agoraSetPolicy', sessionId, JSON.stringify(policy));
    return this.mustSession(fields);
  }

  async setRemoteDelay(sessionId: string, remoteDelaySeconds: number): Promise<Session> {
    const fields = await this.run<(string | null)[]>('agoraSetRemoteDelay', sessionId, remoteDelaySeconds);
    return this.mustSession(fields);
  }

  private mustSession(fields: (string | null)[]): Session {
    const session = this.toSession(fields);
    if (!session) throw new AppError('NOT_FOUND', 'session not found');
    return session;
  }

  /**
   * The policy and the remote delay are kept in fields of their own so that no script rewrites the
   * session's JSON in Lua; a session stored before the delay had its field keeps the JSON's value.
   */
  private toSession([json, policy, delay]: (string | null | undefined)[]): Session | null {
    if (!json || !policy) return null;
    const session = JSON.parse(json) as Session;
    return {
      ...session,
      policy: JSON.parse(policy) as InteractionPolicy,
      remoteDelaySeconds: delay ? Number(delay) : session.remoteDelaySeconds,
    };
  }

  // --- identity ---

  async putRegistrant(registrant: RegistrantRecord): Promise<void> {
    await this.putPrincipal({ role: 'participant', ...registrant });
  }

  async putModerator(moderator: ModeratorRecord): Promise<void> {
    await this.putPrincipal({ role: 'moderator', ...moderator });
  }

  async putScreen(screen: ScreenRecord): Promise<void> {
    await this.putPrincipal({ role: 'projector', ...screen });
  }

  /** Through the organizer part, which keeps the per-edition lists and the registrants' email index. */
  private putPrincipal(principal: PrincipalRecord): Promise<void> {
    return this.organizer.putPrincipal(principal);
  }

  async getPrincipal(role: Role, id: string): Promise<PrincipalRecord | null> {
    const json = await this.redis.get(this.key('principal', role, id));
    return json ? (JSON.parse(json) as PrincipalRecord) : null;
  }

  async putCode(code: CodeRecord): Promise<void> {
    await this.run(
      'agoraPutCode',
      code.hash,
      code.role,
      code.principalId,
      code.editionId,
      code.revoked ? '1' : '0',
    );
  }

  async findCode(hash: string): Promise<CodeRecord | null> {
    const fields = await this.redis.hgetall(this.key('code', hash));
    if (!fields.role || !fields.principalId) return null;
    return {
      hash,
      role: fields.role as Role,
      principalId: fields.principalId,
      editionId: fields.editionId ?? '',
      revoked: fields.revoked === '1',
    };
  }

  revokeCodes(role: Role, principalId: string): Promise<number> {
    return this.once<number>('agoraRevokeCodes', role, principalId);
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
    return this.privacy.wipeInteractions(editionId);
  }

  // --- questions ---

  async getLive(sessionId: string): Promise<SessionLive> {
    return liveOf(await this.redis.hmget(this.key('session', sessionId, 'live'), ...LIVE_FIELDS));
  }

  async listQuestions(sessionId: string): Promise<QuestionRecord[]> {
    return (await this.run<RawView[]>('agoraListQuestions', sessionId)).map(toRecord);
  }

  async getQuestion(id: string): Promise<QuestionRecord | null> {
    const raw = await this.run<RawView | []>('agoraGetQuestion', id);
    return raw.length === 0 ? null : toRecord(raw as RawView);
  }

  listUpvoted(sessionId: string, voterId: string): Promise<string[]> {
    return this.run<string[]>('agoraListUpvoted', sessionId, voterId);
  }

  async askQuestion(
    q: NewQuestion,
  ): Promise<QuestionChange & { question: QuestionRecord; created: boolean }> {
    const [change, view, created] = await this.once<[RawChange, RawView, number]>(
      'agoraAsk',
      q.id,
      q.sessionId,
      q.authorId,
      q.clientId,
      q.text,
      q.anonymous ? '1' : '0',
      q.authorName,
      q.authorMode,
      q.at,
    );
    const question = toRecord(view);
    return { ...toChange(change), question, created: created === 1 };
  }

  async setUpvote(input: {
    questionId: string;
    voterId: string;
    up: boolean;
    at: number;
  }): Promise<QuestionChange & { question: QuestionRecord; upvoted: boolean }> {
    const [change, view, upvoted] = await this.run<[RawChange, RawView, number]>(
      'agoraUpvote',
      input.questionId,
      input.voterId,
      input.up ? '1' : '0',
    );
    const question = toRecord(view);
    return { ...toChange(change), question, upvoted: upvoted === 1 };
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

  // --- polls, word clouds, screen ---
  //
  // Re-sent commands: every write but `setWordHidden` (set semantics) carries an operation id, ballots
  // and words included: their (voter, clientId) bookkeeping already keeps a re-send from counting twice,
  // and the recorded reply also tells the caller `counted: true`, so the change is published.

  async listInteractions(sessionId: string): Promise<{ polls: Poll[]; clouds: Cloud[] }> {
    const raw = await this.run<[string, string[]][]>('agoraListInteractions', sessionId);
    const polls: Poll[] = [];
    const clouds: Cloud[] = [];
    for (const item of raw.map(fromRef)) {
      if (item.kind === 'poll') polls.push(item);
      else clouds.push(item);
    }
    return { polls, clouds };
  }

  async getPoll(id: string): Promise<Poll | null> {
    const fields = await this.redis.hgetall(this.key('poll', id));
    return fields.id ? (toInteraction('poll', fields) as Poll) : null;
  }

  async getCloud(id: string): Promise<Cloud | null> {
    const fields = await this.redis.hgetall(this.key('cloud', id));
    return fields.id ? (toInteraction('cloud', fields) as Cloud) : null;
  }

  async listClosing(): Promise<Interaction[]> {
    return (await this.run<[string, string[]][]>('agoraListClosing')).map(fromRef);
  }

  async pollResults(pollId: string): Promise<PollResults | null> {
    const raw = await this.run<RawResults | []>('agoraPollResults', pollId);
    return raw.length === 0 ? null : toResults(pollId, raw as RawResults);
  }

  async cloudResults(cloudId: string): Promise<ModCloudResults | null> {
    const raw = await this.run<[[string, string, string, string], RawGroup[]] | []>(
      'agoraCloudResults',
      cloudId,
    );
    if (raw.length === 0) return null;
    const [[sessionId, status, version, participants], words] = raw as [
      [string, string, string, string],
      RawGroup[],
    ];
    return {
      cloudId,
      sessionId,
      version: Number(version),
      participants: Number(participants),
      words: words.map(toWord),
      final: status === 'closed',
    };
  }

  async listMyBallots(sessionId: string, voterId: string): Promise<MyBallot[]> {
    const raw = await this.run<[string, string][]>('agoraListMyBallots', sessionId, voterId);
    return raw.map(([pollId, json]) => {
      const ballot = JSON.parse(json) as { clientId: string; choices: string[] };
      return { pollId, clientId: ballot.clientId, choices: ballot.choices };
    });
  }

  async listMyWords(sessionId: string, participantId: string): Promise<MyWord[]> {
    return (await this.run<string[]>('agoraListMyWords', sessionId, participantId)).map(toMyWord);
  }

  async createPoll(input: {
    id: string;
    sessionId: string;
    definition: PollDefinition;
    at: number;
  }): Promise<Poll> {
    return toPoll(
      await this.once<string[]>(
        'agoraCreatePoll',
        input.id,
        input.sessionId,
        input.at,
        ...pollArgs(input.definition),
      ),
    );
  }

  async updatePoll(input: { pollId: string; definition: PollDefinition; at: number }): Promise<Poll> {
    return toPoll(await this.once<string[]>('agoraUpdatePoll', input.pollId, ...pollArgs(input.definition)));
  }

  async createCloud(input: {
    id: string;
    sessionId: string;
    definition: CloudDefinition;
    at: number;
  }): Promise<Cloud> {
    return toCloud(
      await this.once<string[]>(
        'agoraCreateCloud',
        input.id,
        input.sessionId,
        input.at,
        ...cloudArgs(input.definition),
      ),
    );
  }

  async updateCloud(input: { cloudId: string; definition: CloudDefinition; at: number }): Promise<Cloud> {
    return toCloud(
      await this.once<string[]>('agoraUpdateCloud', input.cloudId, ...cloudArgs(input.definition)),
    );
  }

  openInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.lifecycle(ref, 'open', at);
  }

  closeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.lifecycle(ref, 'close', at);
  }

  finalizeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.lifecycle(ref, 'finalize', at);
  }

  private async lifecycle(
    ref: InteractionRef,
    action: 'open' | 'close' | 'finalize',
    at: number,
  ): Promise<InteractionChange> {
    const [flat, changed] = await this.once<[string[], number]>(
      'agoraLifecycle',
      ref.kind,
      ref.id,
      action,
      at,
    );
    return { item: toInteraction(ref.kind, fieldsOf(flat)), changed: changed === 1 };
  }

  /** `at` is not stored: nothing in a poll or cloud records when its results were revealed. */
  async revealInteraction(ref: InteractionRef, revealed: boolean): Promise<InteractionChange> {
    const [flat, changed] = await this.once<[string[], number]>(
      'agoraReveal',
      ref.kind,
      ref.id,
      revealed ? '1' : '0',
    );
    return { item: toInteraction(ref.kind, fieldsOf(flat)), changed: changed === 1 };
  }

  async castBallot(input: NewBallot): Promise<{ ballot: MyBallot; counted: boolean; results: PollResults }> {
    const [clientId, choices, counted, ...results] = await this.once<
      [string, string[], number, ...RawResults]
    >('agoraCastBallot', input.pollId, input.voterId, input.mode, input.clientId, input.at, ...input.choices);
    return {
      ballot: { pollId: input.pollId, clientId, choices },
      counted: counted === 1,
      results: toResults(input.pollId, results),
    };
  }

  async submitWord(input: NewWord): Promise<{ word: MyWord; counted: boolean }> {
    const [json, counted] = await this.once<[string, number]>(
      'agoraSubmitWord',
      input.cloudId,
      input.participantId,
      input.mode,
      input.clientId,
      input.text,
      input.key,
      input.blocked ? '1' : '0',
      input.at,
    );
    return { word: toMyWord(json), counted: counted === 1 };
  }

  async setWordHidden(input: {
    cloudId: string;
    key: string;
    hidden: boolean;
    at: number;
  }): Promise<ModCloudWord> {
    return toWord(
      await this.run<RawGroup>('agoraSetWordHidden', input.cloudId, input.key, input.hidden ? '1' : '0'),
    );
  }

  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    return this.questionWrites.setScreen(input);
  }
}
