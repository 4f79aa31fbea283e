import type { Redis } from 'ioredis';
import type { Store } from '../store.ts';
import { RedisAttendanceStore } from './attendance-redis.ts';
import { RedisContentStore } from './content-redis.ts';
import { RedisIdentityStore } from './identity-redis.ts';
import { RedisInteractionStore } from './interactions-redis.ts';
import { RedisOrganizerStore } from './organizer-redis.ts';
import { RedisProgramStore } from './program-redis.ts';
import { RedisQuestionStore } from './questions-redis.ts';
import { REDIS_DATA_FORMAT } from './data-format.ts';
import { COMMAND_TIMEOUT_MS, mappingErrors, ready } from './redis-errors.ts';
import { ScriptRunner } from './script-runner.ts';
import { RedisWatchStore } from './watch-redis.ts';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`; with `clusterNodes`, its user and password only (if any). */
  url: string;
  /**
   * Some primaries of a Redis Cluster (≥ 7.0): the store then uses ioredis's `Cluster` client, which
   * routes every command and script by its key's slot (key-layout.ts).
   */
  clusterNodes?: readonly { host: string; port: number }[];
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
 * The store for several nodes: all state in one Redis primary or a Redis Cluster (`clusterNodes`;
 * every key hash-tagged so that each operation stays in one slot, key-layout.ts), every change
 * atomic and checked against the state it applies to, so nodes never race a read-modify-write. The
 * rules are decided in TypeScript (the modules' *.rules.ts) and committed by a generic
 * compare-and-set that writes only if what the decision read is unchanged (question-writes.ts,
 * interaction-writes.ts); the hot writes (upvotes, ballots, words; asks, in two steps) are Lua
 * scripts, which refuse by a rule's name (rule-refusals.ts). Reads are single commands, pipelines or read-only scripts. One part per feature
 * (program-redis.ts, identity-redis.ts, questions-redis.ts, interactions-redis.ts, organizer-redis.ts,
 * content-redis.ts), each its module's store interface, sharing the connection and the scripts.
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
 *   the next change and fetch a snapshot, and the next vote broadcast carries the whole count anyway.
 *   A node's upvotes of one event-loop turn are one script run (session-batch.ts), re-sent whole;
 * - a question, a ballot or a word carries the client's id, and a second one with the same id gets
 *   the first one's answer;
 * - the writes decided in TypeScript (`moderate`: reopen is not idempotent; `editQuestion`,
 *   `mergeQuestions`: a second run would be refused; the screen; poll and cloud definitions, lifecycle,
 *   word hiding and the wipe) carry an operation id: the compare-and-set records it with its writes,
 *   and a re-sent command writes nothing and answers the state as it is then;
 * - every other write (`askQuestion`, which would otherwise answer `created: false` to its own first
 *   run, `revokeCodes`, ballots and words) carries an operation id: the script records its reply
 *   under it, in the same atomic, fsynced step, and a re-sent command gets that reply back instead of
 *   applying twice. The record lives `OP_TTL_SECONDS`. The ballots a node casts in one event-loop
   turn are one script run (ballot-batch.ts) and one operation id: a re-sent run answers every
   ballot of it as the first run did.
 */
export class RedisStore implements Store {
  readonly kind = 'redis';

  readonly program: RedisProgramStore;
  readonly identity: RedisIdentityStore;
  readonly questions: RedisQuestionStore;
  readonly interactions: RedisInteractionStore;
  readonly organizer: RedisOrganizerStore;
  readonly content: RedisContentStore;
  readonly watch: RedisWatchStore;
  readonly attendance: RedisAttendanceStore;

  /** The client itself, for its state and for `close`; the parts' calls go through `redis`. */
  private readonly connection: Redis;
  /** The connection with its errors mapped to AppErrors (`mappingErrors`). */
  private readonly redis: Redis;

  private constructor(
    connection: Redis,
    private readonly prefix: string,
  ) {
    this.connection = connection;
    this.redis = mappingErrors(connection);
    const scripts = new ScriptRunner(this.redis, prefix, OP_TTL_SECONDS);
    this.program = new RedisProgramStore(scripts);
    this.organizer = new RedisOrganizerStore(scripts);
    this.identity = new RedisIdentityStore(scripts, this.organizer);
    this.questions = new RedisQuestionStore(scripts);
    this.interactions = new RedisInteractionStore(scripts, this.questions);
    this.content = new RedisContentStore(scripts);
    this.watch = new RedisWatchStore(scripts);
    // Attendance keys are edition-wide: their prefix includes the `{g}` tag (key-layout.ts).
    this.attendance = new RedisAttendanceStore(this.redis, scripts.keys.global(''));
  }

  /** Connects and waits until Redis answers (through the reconnection backoff, so it can start later). */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const redisOptions = {
      // The data format in the name: an upgrade checks that no node of an older one is connected.
      connectionName: `agora-store-f${REDIS_DATA_FORMAT}`,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
      // After a failover the old primary answers READONLY: reconnect and re-send.
      reconnectOnError: (error: Error) => error.message.startsWith('READONLY'),
    };
    // Loaded here, not with the module: a node on the embedded store never loads ioredis (see app.ts).
    const { Cluster, Redis } = await import('ioredis');
    // The cluster client has the same commands as a single connection (ioredis' Commander); what
    // differs (SCAN, a pipeline over several slots) is handled where used (key-layout.ts).
    const redis = options.clusterNodes?.length
      ? (new Cluster(
          options.clusterNodes.map((n) => ({ host: n.host, port: n.port })),
          {
            enableOfflineQueue: false,
            clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
            redisOptions: { ...redisOptions, ...credentials(options.url) },
          },
        ) as unknown as Redis)
      : new Redis(options.url, redisOptions);
    redis.on('error', options.onError ?? (() => undefined));
    const store = new RedisStore(redis, options.prefix ?? 'agora:');
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
}

/** The user and password of a `redis://user:password@…` address, for every node of a cluster. */
function credentials(url: string): { username?: string; password?: string } {
  if (!/^rediss?:\/\//.test(url)) return {};
  const { username, password } = new URL(url);
  return {
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
}
