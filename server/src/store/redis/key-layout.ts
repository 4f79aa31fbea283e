import type { Cluster, Redis } from 'ioredis';

/**
 * The Redis store's key names (the full layout is in scripts.ts' header). Every key carries a hash
 * tag so that Redis Cluster puts the keys one operation touches in one slot:
 * - a session's data (the session, its live state, questions, polls, clouds, their indexes) is tagged
 *   with the session id, `{<sessionId>}`: a session's keys share a slot, different sessions spread;
 * - everything else (editions, principals, codes, organizers, documents, attendance, the owners
 *   index) is tagged `{g}`: one slot for the edition-wide data.
 * On a single primary the tags change nothing but the names. Ids are `[A-Za-z0-9_-]` (shared `Id`),
 * so a tag never holds a brace or a colon.
 */
export class KeyLayout {
  constructor(readonly prefix: string) {}

  /** A key of the edition-wide slot: `<prefix>{g}:<parts>`. */
  global(...parts: string[]): string {
    return `${this.prefix}{g}:${parts.join(':')}`;
  }

  /** The session's hash, `<prefix>session:{<id>}`, and its other keys after it (`:live`, `:questions`…). */
  session(sessionId: string, ...parts: string[]): string {
    const base = `${this.prefix}session:{${sessionId}}`;
    return parts.length === 0 ? base : `${base}:${parts.join(':')}`;
  }

  /** A question's keys: `<prefix>q:{<sessionId>}:<id>` (`:voters`, `:merged`, `:edits`). */
  question(sessionId: string, id: string, ...parts: string[]): string {
    return [`${this.prefix}q:{${sessionId}}:${id}`, ...parts].join(':');
  }

  /** A poll's or cloud's keys: `<prefix><kind>:{<sessionId>}:<id>` (`:tally`, `:keys`…). */
  interaction(kind: 'poll' | 'cloud', sessionId: string, id: string, ...parts: string[]): string {
    return [`${this.prefix}${kind}:{${sessionId}}:${id}`, ...parts].join(':');
  }

  /** The key that routes a script to the session's slot (its KEYS[1]; operation ids are kept under it). */
  sessionAnchor(sessionId: string): string {
    return this.session(sessionId);
  }

  /** The key that routes a script to the edition-wide slot. */
  get globalAnchor(): string {
    return `${this.prefix}{g}`;
  }
}

/**
 * The Lua key builders, the same names as `KeyLayout`'s: every script starts with them (after
 * `local P = ARGV[1]`). A script's KEYS[1] is its slot's anchor.
 */
export const luaKeyLayout = `
local A = KEYS[1]
local G = P .. '{g}:'
local function skey(sid) return P .. 'session:{' .. sid .. '}' end
local function livekey(sid) return skey(sid) .. ':live' end
local function qkey(sid, id) return P .. 'q:{' .. sid .. '}:' .. id end
local function ikey(kind, sid, id) return P .. kind .. ':{' .. sid .. '}:' .. id end
`;

/** What a question, poll or cloud id is owned by: `q` questions, `i` polls and clouds (one id space). */
export type OwnedKind = 'q' | 'i';

/** Owners cached per node, at most this many (a poll's never changes; a wiped question's id may: `inOwner`). */
const CACHE_LIMIT = 100_000;

/**
 * The session of a question, poll or cloud id, for the operations that name only the id (an
 * upvote, a ballot, a moderation): the hash `<prefix>{g}:owners` (`q:<id>` / `i:<id>` → session
 * id), written when the item is created, before its session's write. Each node caches what it read:
 * a ballot burst on one poll reads its owner once per node. Polls and clouds are never deleted; a
 * question is, by the go-live wipe (which drops its owner, so its id is free again, as in the
 * embedded store): a cached owner is then stale on the other nodes, so an operation that finds no
 * question where the cache said reads the owner again (`fresh`).
 */
export class OwnerIndex {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: KeyLayout,
  ) {}

  private get hash(): string {
    return this.keys.global('owners');
  }

  /** The session of `id`, null when no item was ever created with it. */
  async sessionOf(kind: OwnedKind, id: string, fresh = false): Promise<string | null> {
    const field = `${kind}:${id}`;
    const cached = fresh ? undefined : this.cache.get(field);
    if (cached !== undefined) return cached;
    if (fresh) this.cache.delete(field);
    const sessionId = await this.redis.hget(this.hash, field);
    if (sessionId !== null) this.remember(field, sessionId);
    return sessionId;
  }

  /**
   * Records `sessionId` as the owner of `id` unless another session owns it: false then (the id is
   * taken). Only for a session that exists (sessions are never deleted), so that a claim is never
   * left by a refused creation: once claimed, the id is free in its session, and the creation
   * cannot be refused.
   */
  async claim(kind: OwnedKind, id: string, sessionId: string): Promise<boolean> {
    if ((await this.redis.exists(this.keys.session(sessionId))) === 0) return false;
    const field = `${kind}:${id}`;
    if ((await this.redis.hsetnx(this.hash, field, sessionId)) === 1) {
      this.remember(field, sessionId);
      return true;
    }
    return (await this.sessionOf(kind, id)) === sessionId;
  }

  /** An owner a script of the edition-wide slot read or wrote (the ask's first step, scripts.ts). */
  learn(kind: OwnedKind, id: string, sessionId: string): void {
    this.remember(`${kind}:${id}`, sessionId);
  }

  /** Drops ids from the index (questions deleted by the wipe). */
  async release(kind: OwnedKind, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids) this.cache.delete(`${kind}:${id}`);
    await this.redis.hdel(this.hash, ...ids.map((id) => `${kind}:${id}`));
  }

  /**
   * Runs `operation` in the id's session; if it finds nothing there (`missing`) with an owner read
   * from the cache, reads the owner again and, if it moved, runs it there.
   */
  async inOwner<T>(
    kind: OwnedKind,
    id: string,
    operation: (sessionId: string | null) => Promise<T>,
    missing: (outcome: { value?: T; error?: unknown }) => boolean,
  ): Promise<T> {
    const cached = this.cache.has(`${kind}:${id}`);
    const sid = await this.sessionOf(kind, id);
    let outcome: { value?: T; error?: unknown };
    try {
      outcome = { value: await operation(sid) };
    } catch (error) {
      outcome = { error };
    }
    if (cached && missing(outcome)) {
      const now = await this.sessionOf(kind, id, true);
      if (now !== sid) return operation(now);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  }

  private remember(field: string, sessionId: string): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(field, sessionId);
  }
}

/**
 * Every key matching `pattern`, by SCAN: of each primary on a cluster (a SCAN sent to the cluster
 * client reads one node only), of the server otherwise.
 */
export async function scanKeys(redis: Redis | Cluster, pattern: string): Promise<string[]> {
  const servers: Redis[] = redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
  const out: string[] = [];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      out.push(...keys);
    } while (cursor !== '0');
  }
  return out;
}
