import { type Edition, type InteractionPolicy, type Session } from '@agora/shared';
import { checkEditionSlug, checkSessionEdition, mustSession } from '../../modules/program/program.rules.ts';
import { optimisticWrite, type Command, type Plan, type Reads } from './optimistic-write.ts';
import type { ProgramStore } from '../../modules/program/program.store.ts';
import type { ScriptRunner } from './script-runner.ts';

/** The fields of a session hash that make a `Session` (see `toSession`). */
const SESSION_FIELDS = ['json', 'policy', 'remoteDelay', 'blackout'] as const;

/** Editions (edition-wide slot) and sessions (each its own slot) in Redis (key layout in scripts.ts). */
export class RedisProgramStore implements ProgramStore {
  constructor(private readonly scripts: ScriptRunner) {}

  async isEmpty(): Promise<boolean> {
    return (await this.scripts.redis.hlen(this.scripts.key('editions'))) === 0;
  }

  async claimDemo(): Promise<boolean> {
    return (await this.scripts.redis.set(this.scripts.key('claim:demo'), '1', 'NX')) === 'OK';
  }

  /**
   * Decided by program.rules.ts on what `getEditionBySlug` finds, committed by compare-and-set: two
   * organizers racing on two nodes for one slug cannot both have it. An index entry whose edition
   * has another slug now (data from before the rule) is stale: taken over.
   */
  async putEdition(edition: Edition): Promise<void> {
    const editions = this.scripts.key('editions');
    const slugs = this.scripts.key('edition-slugs');
    await this.write(this.scripts.keys.globalAnchor, async (reads) => {
      const holderId = await reads.read<string | null>(['HGET', slugs, edition.slug]);
      const holder = holderId ? await reads.read<string | null>(['HGET', editions, holderId]) : null;
      const holds = holder !== null && (JSON.parse(holder) as Edition).slug === edition.slug;
      checkEditionSlug(holds ? holderId : null, edition.id);
      const old = await reads.read<string | null>(['HGET', editions, edition.id]);
      const oldSlug = old === null ? null : (JSON.parse(old) as Edition).slug;
      const writes: Command[] = [];
      if (oldSlug !== null && oldSlug !== edition.slug) {
        const oldHolder = await reads.read<string | null>(['HGET', slugs, oldSlug]);
        if (oldHolder === edition.id) writes.push(['HDEL', slugs, oldSlug]);
      }
      writes.push(
        ['HSET', editions, edition.id, JSON.stringify(edition)],
        ['HSET', slugs, edition.slug, edition.id],
      );
      return { writes, after: [], answer: () => undefined };
    });
  }

  async getEdition(id: string): Promise<Edition | null> {
    const json = await this.scripts.redis.hget(this.scripts.key('editions'), id);
    return json ? (JSON.parse(json) as Edition) : null;
  }

  async getEditionBySlug(slug: string): Promise<Edition | null> {
    const id = await this.scripts.redis.hget(this.scripts.key('edition-slugs'), slug);
    const edition = id ? await this.getEdition(id) : null;
    return edition?.slug === slug ? edition : null;
  }

  /**
   * In an existing edition (program.rules.ts); the editions' session lists follow a move. Two
   * writes, one per slot (key-layout.ts): first the edition-wide one, compared (the edition, the
   * session's edition as the owners index records it `s:<id>`, the lists), then the session's hash.
   * A node that stopped between the two leaves the session listed without its new fields; the
   * organizer's save, which answers an error then, writes both again.
   */
  async putSession(session: Session): Promise<void> {
    const { key } = this;
    const owner = `s:${session.id}`;
    await this.write(this.scripts.keys.globalAnchor, async (reads) => {
      checkSessionEdition((await reads.read<number>(['HEXISTS', key('editions'), session.editionId])) === 1);
      const old = await reads.read<string | null>(['HGET', key('owners'), owner]);
      const writes: Command[] = [];
      if (old !== null && old !== session.editionId)
        writes.push(['LREM', key('edition', old, 'sessions'), '0', session.id]);
      if (old !== session.editionId)
        writes.push(['RPUSH', key('edition', session.editionId, 'sessions'), session.id]);
      writes.push(['HSET', key('owners'), owner, session.editionId]);
      return { writes, after: [], answer: () => undefined };
    });
    const fields = ['json', JSON.stringify(session), 'policy', JSON.stringify(session.policy)];
    fields.push('remoteDelay', String(session.remoteDelaySeconds), 'editionId', session.editionId);
    await this.scripts.redis.hset(this.scripts.keys.session(session.id), ...fields);
  }

  async getSession(id: string): Promise<Session | null> {
    const fields = await this.scripts.redis.hmget(this.scripts.keys.session(id), ...SESSION_FIELDS);
    return this.toSession(fields);
  }

  /** One read per session, each routed to its slot (a cluster cannot pipeline keys of several slots). */
  async listSessions(editionId: string): Promise<Session[]> {
    const ids = await this.scripts.redis.lrange(this.scripts.key('edition', editionId, 'sessions'), 0, -1);
    const all = await Promise.all(
      ids.map((id) => this.scripts.redis.hmget(this.scripts.keys.session(id), ...SESSION_FIELDS)),
    );
    const sessions: Session[] = [];
    for (const fields of all) {
      const session = this.toSession(fields);
      if (session) sessions.push(session);
    }
    return sessions.sort((a, b) => a.startsAt - b.startsAt);
  }

  setPolicy(sessionId: string, policy: InteractionPolicy): Promise<Session> {
    return this.setting(sessionId, 'policy', JSON.stringify(policy));
  }

  setRemoteDelay(sessionId: string, remoteDelaySeconds: number): Promise<Session> {
    return this.setting(sessionId, 'remoteDelay', String(remoteDelaySeconds));
  }

  setBlackout(sessionId: string, on: boolean): Promise<Session> {
    return this.setting(sessionId, 'blackout', on ? '1' : '0');
  }

  /**
   * A session setting, kept in a field of its own (the session's JSON holds stale values; `toSession`
   * takes these): decided by program.rules.ts, committed by compare-and-set.
   */
  private setting(
    sessionId: string,
    field: 'policy' | 'remoteDelay' | 'blackout',
    value: string,
  ): Promise<Session> {
    const hash = this.scripts.keys.session(sessionId);
    return this.write(this.scripts.keys.sessionAnchor(sessionId), async (reads) => {
      mustSession((await reads.read<number>(['EXISTS', hash])) === 1 ? hash : null);
      return {
        writes: [['HSET', hash, field, value]],
        after: [['HMGET', hash, ...SESSION_FIELDS]],
        answer: ([fields]) => mustSession(this.toSession(fields as (string | null)[])),
      };
    });
  }

  private readonly key = (...parts: string[]): string => this.scripts.key(...parts);

  private write<T>(anchor: string, decide: (reads: Reads) => Promise<Plan<T>>): Promise<T> {
    return optimisticWrite(this.scripts.redis, this.scripts.prefix, this.scripts.ttlSeconds, anchor, decide);
  }

  /**
   * The policy and the remote delay are kept in fields of their own so that no script rewrites the
   * session's JSON in Lua; a session stored before the delay had its field keeps the JSON's value.
   */
  private toSession([json, policy, delay, blackout]: (string | null | undefined)[]): Session | null {
    if (!json || !policy) return null;
    const session = JSON.parse(json) as Session;
    return {
      ...session,
      policy: JSON.parse(policy) as InteractionPolicy,
      remoteDelaySeconds: delay ? Number(delay) : session.remoteDelaySeconds,
      ...(blackout ? { blackout: blackout === '1' } : {}),
    };
  }
}
