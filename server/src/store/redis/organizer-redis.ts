import type { Edition, Role } from '@agora/shared';
import type { PrincipalRecord, RegistrantRecord } from '../../modules/identity/identity.store.ts';
import {
  defaultSettings,
  type EditionSettings,
  type OrganizerAccount,
  type OrganizerStore,
  type RegistrantUpsert,
} from '../../modules/organizer/organizer.store.ts';
import {
  checkEdition,
  checkOrganizerEmail,
  decideRegistrants,
} from '../../modules/organizer/organizer.rules.ts';
import { chunks, optimisticWrite, type Command, type Plan, type Reads } from './optimistic-write.ts';
import type { ScriptRunner } from './script-runner.ts';

/** The organizer console's part of the Redis store, on the store's own connection and prefix. */
export class RedisOrganizerStore implements OrganizerStore {
  constructor(private readonly scripts: ScriptRunner) {}

  private key(...parts: string[]): string {
    return this.scripts.key(...parts);
  }

  /** Writes a principal and keeps the edition's indexes; the identity part's `put*` methods call it. */
  async putPrincipal(principal: PrincipalRecord): Promise<void> {
    await this.scripts.global(
      'agoraOrgPutPrincipal',
      principal.role,
      principal.id,
      principal.editionId,
      JSON.stringify(principal),
      principal.role === 'participant' ? principal.email.toLowerCase() : '',
    );
  }

  /** An email no other account has (organizer.rules.ts); the email index follows a change. */
  async putOrganizer(account: OrganizerAccount): Promise<void> {
    const emails = this.key('organizer-emails');
    const accounts = this.key('organizers');
    await this.write(async (reads) => {
      const owner = await reads.read<string | null>(['HGET', emails, account.email]);
      checkOrganizerEmail(owner, account.id);
      const old = await reads.read<string | null>(['HGET', accounts, account.id]);
      const oldEmail = old === null ? null : (JSON.parse(old) as OrganizerAccount).email;
      return {
        writes: [
          ...(oldEmail !== null && oldEmail !== account.email
            ? [['HDEL', emails, oldEmail] as [string, string, string]]
            : []),
          ['HSET', accounts, account.id, JSON.stringify(account)],
          ['HSET', emails, account.email, account.id],
        ],
        after: [],
        answer: () => undefined,
      };
    });
  }

  async getOrganizer(id: string): Promise<OrganizerAccount | null> {
    const json = await this.scripts.redis.hget(this.key('organizers'), id);
    return json ? (JSON.parse(json) as OrganizerAccount) : null;
  }

  async findOrganizerByEmail(email: string): Promise<OrganizerAccount | null> {
    const id = await this.scripts.redis.hget(this.key('organizer-emails'), email);
    const account = id ? await this.getOrganizer(id) : null;
    return account?.email === email ? account : null;
  }

  async listEditions(): Promise<Edition[]> {
    const all = await this.scripts.redis.hvals(this.key('editions'));
    return all
      .map((json) => JSON.parse(json) as Edition)
      .sort((a, b) => a.startDate.localeCompare(b.startDate));
  }

  async getSettings(editionId: string): Promise<EditionSettings> {
    const json = await this.scripts.redis.hget(this.key('edition-settings'), editionId);
    return json ? (JSON.parse(json) as EditionSettings) : { ...defaultSettings };
  }

  /** For an existing edition (organizer.rules.ts). */
  async putSettings(editionId: string, settings: EditionSettings): Promise<void> {
    const hash = this.key('edition-settings');
    await this.write(async (reads) => {
      checkEdition((await reads.read<number>(['HEXISTS', this.key('editions'), editionId])) === 1);
      return {
        writes: [['HSET', hash, editionId, JSON.stringify(settings)]],
        after: [],
        answer: () => undefined,
      };
    });
  }

  /** A write decided in TypeScript, committed by compare-and-set (optimistic-write.ts). */
  private write<T>(decide: (reads: Reads) => Promise<Plan<T>>): Promise<T> {
    return optimisticWrite(
      this.scripts.redis,
      this.scripts.prefix,
      this.scripts.ttlSeconds,
      this.scripts.keys.globalAnchor,
      decide,
    );
  }

  async listPrincipals<R extends Role>(
    role: R,
    editionId: string,
  ): Promise<Extract<PrincipalRecord, { role: R }>[]> {
    const ids = await this.scripts.redis.lrange(this.key('edition', editionId, 'principals', role), 0, -1);
    if (ids.length === 0) return [];
    const jsons = await this.scripts.redis.mget(ids.map((id) => this.key('principal', role, id)));
    return jsons
      .filter((json): json is string => json !== null)
      .map((json) => JSON.parse(json) as Extract<PrincipalRecord, { role: R }>);
  }

  async withActiveCode(role: Role, editionId: string): Promise<Set<string>> {
    return new Set(await this.scripts.global<string[]>('agoraOrgWithActiveCode', role, editionId));
  }

  async codeCounts(role: Role, principalId: string): Promise<{ active: number; revoked: number }> {
    const [active, revoked] = await this.scripts.global<[number, number]>(
      'agoraOrgCodeCounts',
      role,
      principalId,
    );
    return { active, revoked };
  }

  /**
   * Decided by organizer.rules.ts on the registrants the edition's email index names, committed by
   * compare-and-set: three reads whatever the number of rows (the index entries of the rows' emails,
   * then their records), one write per row written.
   */
  async upsertRegistrants(editionId: string, rows: RegistrantRecord[]): Promise<RegistrantUpsert> {
    const emails = this.key('edition', editionId, 'emails');
    const lowered = [...new Set(rows.map((r) => r.email.toLowerCase()))];
    return this.write(async (reads) => {
      checkEdition((await reads.read<number>(['HEXISTS', this.key('editions'), editionId])) === 1);
      const ids: (string | null)[] = [];
      for (const part of chunks(lowered)) {
        ids.push(...(await reads.read<(string | null)[]>(['HMGET', emails, ...part])));
      }
      const found = ids.filter((id): id is string => id !== null);
      const jsons: (string | null)[] = [];
      for (const part of chunks(found.map((id) => this.key('principal', 'participant', id)))) {
        jsons.push(...(await reads.read<(string | null)[]>(['MGET', ...part])));
      }
      const known = new Map<string, RegistrantRecord>();
      for (const json of jsons) {
        const p = json === null ? null : (JSON.parse(json) as PrincipalRecord);
        if (p?.role === 'participant') known.set(p.email.toLowerCase(), p);
      }
      const { upsert, writes } = decideRegistrants(known, rows);
      const created = writes.filter((w) => w.created).map((w) => w.record);
      const commands: Command[] = writes.map(({ record }) => [
        'SET',
        this.key('principal', 'participant', record.id),
        JSON.stringify({ role: 'participant', ...record }),
      ]);
      for (const part of chunks(created)) {
        const list = this.key('edition', editionId, 'principals', 'participant');
        commands.push(['RPUSH', list, ...part.map((r) => r.id)]);
        commands.push(['HSET', emails, ...part.flatMap((r) => [r.email.toLowerCase(), r.id])]);
      }
      return { writes: commands, after: [], answer: () => upsert };
    });
  }
}
