import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Role } from '@agora/shared';
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

  erasePrincipal(role: Role, editionId: string, principalId: string): Promise<number> {
    return this.once<number>('agoraErasePrincipal', [role, editionId, principalId]);
  }

  anonymiseAuthor(editionId: string, authorId: string): Promise<number> {
    return this.run<number>('agoraAnonymiseAuthor', [editionId, authorId]);
  }

  wipeQuestions(editionId: string): Promise<number> {
    return this.once<number>('agoraWipeQuestions', [editionId]);
  }
}
