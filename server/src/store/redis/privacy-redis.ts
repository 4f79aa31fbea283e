import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Role } from '@agora/shared';
import type { PrincipalRecord } from '../../modules/identity/identity.store.ts';
import { checkErasure } from '../../modules/organizer/organizer.rules.ts';
import { revocation } from './code-writes.ts';
import { optimisticWrite, type Command } from './optimistic-write.ts';
import { OP_TTL_SECONDS } from './organizer-redis.ts';
import { toAppError } from './redis-errors.ts';
import { privacyScripts, type PrivacyScriptName } from './privacy-scripts.ts';

type Commands = Record<PrivacyScriptName, (args: readonly (string | number)[]) => Promise<unknown>>;

/**
 * Erasure and the go-live wipe in Redis, one operation per feature (identity, questions; the polls
 * and clouds' wipe is in interaction-writes.ts); `RedisStore` hands these methods on and the privacy service composes them.
 */
export class RedisPrivacyParts {
  private readonly redis: Redis & Commands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    for (const [name, lua] of Object.entries(privacyScripts)) {
      redis.defineCommand(name, { numberOfKeys: 0, lua });
    }
    this.redis = redis as Redis & Commands;
  }

  private async run<T>(name: PrivacyScriptName, args: readonly (string | number)[]): Promise<T> {
    try {
      return (await this.redis[name]([this.prefix, ...args])) as T;
    } catch (error) {
      throw toAppError(error);
    }
  }

  /** A change with an operation id, so a command ioredis sends again is applied once. */
  private once<T>(name: PrivacyScriptName, args: readonly (string | number)[]): Promise<T> {
    return this.run<T>(name, [randomUUID(), OP_TTL_SECONDS, ...args]);
  }

  /**
   * The principal deleted from its edition (organizer.rules.ts) with its place in the edition's
   * indexes, its codes revoked (identity.rules.ts); answers how many. Committed by compare-and-set.
   */
  erasePrincipal(role: Role, editionId: string, principalId: string): Promise<number> {
    const key = (...parts: string[]) => this.prefix + parts.join(':');
    return optimisticWrite(this.redis, this.prefix, OP_TTL_SECONDS, async (reads) => {
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
      const revoked = await revocation(reads, this.prefix, role, principalId);
      return { writes: [...writes, ...revoked.writes], after: [], answer: () => revoked.count };
    });
  }

  anonymiseAuthor(editionId: string, authorId: string): Promise<number> {
    return this.run<number>('agoraAnonymiseAuthor', [editionId, authorId]);
  }

  wipeQuestions(editionId: string): Promise<number> {
    return this.once<number>('agoraWipeQuestions', [editionId]);
  }
}
