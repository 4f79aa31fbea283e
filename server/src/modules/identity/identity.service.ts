import { AppError, type JoinResponse, type Role } from '@agora/shared';
import type { StoreParts } from '../store-parts.ts';
import type { Clock } from '../clock.ts';
import { accessEndsAt } from './access-window.ts';
import { hashCode, looksLikeCode } from './codes.ts';
import type { JoinLimiter } from './failure-limiter.ts';
import { meOf, principalOf, type Principal } from './principal.ts';
import type { TokenPayload, TokenSigner } from './tokens.ts';

const invalidCode = () => new AppError('INVALID_CODE', 'this code does not open this edition');

/** Joining with a personal code, and recognising callers by their token. */
export class IdentityService {
  constructor(
    private readonly store: Pick<StoreParts, 'identity' | 'program'>,
    private readonly codeKey: Buffer,
    private readonly tokens: TokenSigner,
    private readonly limiter: JoinLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * Anyone: exchanges a code for a token. A wrong, revoked or other-edition code gets the same
   * INVALID_CODE answer; failures count against the caller's address. A valid code always gets in:
   * over its budget, an address's attempts only wait their turn (wrong ones are then answered
   * RATE_LIMITED), see JoinLimiter.
   */
  async join(editionSlug: string, typedCode: string, address: string): Promise<JoinResponse> {
    const admission = await this.limiter.admit(address);
    const edition = await this.store.program.getEditionBySlug(editionSlug);
    const code = looksLikeCode(typedCode)
      ? await this.store.identity.findCode(hashCode(this.codeKey, typedCode))
      : null;
    const record =
      edition && code && !code.revoked && code.editionId === edition.id
        ? await this.store.identity.getPrincipal(code.role, code.principalId)
        : null;
    if (!edition || !code || !record) {
      throw (await this.limiter.fail(address, admission)) ?? invalidCode();
    }
    const principal = principalOf(record);
    const now = this.clock.now();
    const expiresAt = accessEndsAt(principal.role, edition, now);
    if (expiresAt === null) {
      throw new AppError('FORBIDDEN', 'the replay window of this edition has ended', {
        reason: 'ACCESS_ENDED',
      });
    }
    const token = this.tokens.sign({
      r: principal.role,
      p: principal.id,
      e: edition.id,
      c: code.hash,
      iat: now,
      exp: expiresAt,
    });
    return { token, me: meOf(principal, edition.slug), expiresAt };
  }

  /**
   * Resolves a token to its principal; refuses forged tokens, ended ones (UNAUTHORIZED with
   * details `{ reason: 'TOKEN_EXPIRED' }`: the client sends the person back to the join page) and
   * tokens whose code was revoked since.
   */
  async authenticate(token: string | undefined, expectedRole?: Role): Promise<Principal> {
    const payload = token ? this.tokens.verify(token) : null;
    if (!payload || (expectedRole && payload.r !== expectedRole)) {
      throw new AppError('UNAUTHORIZED', 'join with your personal code first');
    }
    if (this.clock.now() >= (payload.exp ?? (await this.legacyEnd(payload)))) {
      throw new AppError('UNAUTHORIZED', 'your access has ended; join again with your personal code', {
        reason: 'TOKEN_EXPIRED',
      });
    }
    const code = await this.store.identity.findCode(payload.c);
    const record =
      code && !code.revoked && code.principalId === payload.p && code.role === payload.r
        ? await this.store.identity.getPrincipal(payload.r, payload.p)
        : null;
    if (!record || record.editionId !== payload.e) {
      throw new AppError('UNAUTHORIZED', 'this access was revoked; join again with your personal code');
    }
    return principalOf(record);
  }

  /**
   * Tokens issued before they carried an end keep working until the end a join at their issue time
   * would have given them, computed from the edition as it is now (one store read, only for them).
   */
  private async legacyEnd(payload: TokenPayload): Promise<number> {
    const edition = await this.store.program.getEdition(payload.e);
    return edition ? (accessEndsAt(payload.r, edition, payload.iat) ?? 0) : 0;
  }
}
