import type { Role } from '@agora/shared';
import type {
  CodeRecord,
  IdentityStore,
  ModeratorRecord,
  PrincipalRecord,
  RegistrantRecord,
  ScreenRecord,
} from '../../modules/identity/identity.store.ts';
import { checkErasure } from '../../modules/organizer/organizer.rules.ts';
import { revocation } from './code-writes.ts';
import { optimisticWrite, type Command, type Plan, type Reads } from './optimistic-write.ts';
import type { RedisOrganizerStore } from './organizer-redis.ts';
import type { ScriptRunner } from './script-runner.ts';

/** Principals and their codes in Redis (key layout in scripts.ts). */
export class RedisIdentityStore implements IdentityStore {
  constructor(
    private readonly scripts: ScriptRunner,
    /** Writes a principal with the edition's indexes, which the organizer console lists. */
    private readonly organizer: Pick<RedisOrganizerStore, 'putPrincipal'>,
  ) {}

  putRegistrant(registrant: RegistrantRecord): Promise<void> {
    return this.organizer.putPrincipal({ role: 'participant', ...registrant });
  }
  putModerator(moderator: ModeratorRecord): Promise<void> {
    return this.organizer.putPrincipal({ role: 'moderator', ...moderator });
  }
  putScreen(screen: ScreenRecord): Promise<void> {
    return this.organizer.putPrincipal({ role: 'projector', ...screen });
  }

  async getPrincipal(role: Role, id: string): Promise<PrincipalRecord | null> {
    const json = await this.scripts.redis.get(this.scripts.key('principal', role, id));
    return json ? (JSON.parse(json) as PrincipalRecord) : null;
  }

  async putCode(code: CodeRecord): Promise<void> {
    await this.scripts.global(
      'agoraPutCode',
      code.hash,
      code.role,
      code.principalId,
      code.editionId,
      code.revoked ? '1' : '0',
    );
  }

  async findCode(hash: string): Promise<CodeRecord | null> {
    const fields = await this.scripts.redis.hgetall(this.scripts.key('code', hash));
    if (!fields.role || !fields.principalId) return null;
    return {
      hash,
      role: fields.role as Role,
      principalId: fields.principalId,
      editionId: fields.editionId ?? '',
      revoked: fields.revoked === '1',
    };
  }

  /** Every active code of the principal revoked (identity.rules.ts); answers how many. */
  revokeCodes(role: Role, principalId: string): Promise<number> {
    return this.write(async (reads) => {
      const { writes, count } = await revocation(reads, this.scripts.keys.global(''), role, principalId);
      return { writes, after: [], answer: () => count };
    });
  }

  /**
   * The principal deleted from its edition (organizer.rules.ts) with its place in the edition's
   * indexes, its codes revoked (identity.rules.ts); answers how many. Committed by compare-and-set.
   */
  erasePrincipal(role: Role, editionId: string, principalId: string): Promise<number> {
    const key = (...parts: string[]) => this.scripts.key(...parts);
    return this.write(async (reads) => {
      const json = await reads.read<string | null>(['GET', key('principal', role, principalId)]);
      const record = json === null ? null : (JSON.parse(json) as PrincipalRecord);
      checkErasure(record, editionId);
      const writes: Command[] = [
        ['DEL', key('principal', role, principalId)],
        ['LREM', key('edition', editionId, 'principals', role), '0', principalId],
      ];
      if (record?.role === 'participant' && typeof record.email === 'string') {
        const emails = key('edition', editionId, 'emails');
        const email = record.email.toLowerCase();
        if ((await reads.read<string | null>(['HGET', emails, email])) === principalId) {
          writes.push(['HDEL', emails, email]);
        }
      }
      const revoked = await revocation(reads, this.scripts.keys.global(''), role, principalId);
      return { writes: [...writes, ...revoked.writes], after: [], answer: () => revoked.count };
    });
  }

  private write<T>(decide: (reads: Reads) => Promise<Plan<T>>): Promise<T> {
    return optimisticWrite(
      this.scripts.redis,
      this.scripts.prefix,
      this.scripts.ttlSeconds,
      this.scripts.keys.globalAnchor,
      decide,
    );
  }
}
