import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Id, Role } from '@agora/shared';

/**
 * r: role, p: principal id, e: edition id, c: hash of the code used (revoking it kills the token),
 * exp: end of validity (ms; see access-window.ts). Tokens issued before `exp` existed have none:
 * their end is computed from the edition when they are used.
 */
const TokenPayload = z.object({
  r: Role,
  p: Id,
  e: Id,
  c: z.string().max(100),
  iat: z.number(),
  exp: z.number().optional(),
});
export type TokenPayload = z.infer<typeof TokenPayload>;

/**
 * Organizer tokens. `r` is the literal 'organizer', which the personal `TokenPayload` refuses (and
 * the other way round), so neither kind can ever pass for the other. o: account id, v: a fingerprint
 * of the password hash (a new password ends every open session), exp: end of validity (ms).
 */
const OrganizerTokenPayload = z.object({
  r: z.literal('organizer'),
  o: Id,
  v: z.string().max(100),
  iat: z.number(),
  exp: z.number(),
});
export type OrganizerTokenPayload = z.infer<typeof OrganizerTokenPayload>;

/** A signer remembers the personal tokens it signed last: between 1,024 and 2,048 (at most 0.5 MB). */
const ISSUED_GENERATION = 1024;

/**
 * Session tokens: `payload.signature`, HMAC-SHA256 with a key derived from the server secret.
 * Stateless so every node can check them; revocation is checked against the store on use.
 */
export class TokenSigner {
  /** Imported once: an HMAC keyed with a Buffer imports it each time (6 µs of 12 µs, measured). */
  private readonly key: KeyObject;
  /**
   * The personal tokens signed here last, with their payloads, in two generations: when the newer
   * one is full it becomes the older and the older is dropped (a Map trimmed of its oldest entry
   * at each insert walks its deleted slots to find it: the largest function of ours in a join
   * rush's profile). A participant's socket presents its token a moment after the HTTP join that
   * signed it: a token equal, character for character, to one this signer made needs no second
   * check of its signature and payload.
   */
  private issued = new Map<string, TokenPayload>();
  private issuedBefore = new Map<string, TokenPayload>();

  constructor(key: Buffer) {
    this.key = createSecretKey(key);
  }

  sign(payload: TokenPayload | OrganizerTokenPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const token = `${body}.${this.mac(body)}`;
    if (payload.r !== 'organizer') this.remember(token, payload);
    return token;
  }

  /**
   * The payload of a well-signed personal (participant, moderator, projector) token, or null
   * (expiry is the caller's to check: a token without `exp` needs the edition).
   */
  verify(token: string): TokenPayload | null {
    return this.issued.get(token) ?? this.issuedBefore.get(token) ?? this.open(token, TokenPayload);
  }

  /** What `verify` would read back from the token: a frozen copy of the payload it signs. */
  private remember(token: string, payload: TokenPayload): void {
    if (this.issued.size >= ISSUED_GENERATION) {
      this.issuedBefore = this.issued;
      this.issued = new Map();
    }
    this.issued.set(token, Object.freeze({ ...payload }));
  }

  /** The payload of a well-signed organizer token, or null (expiry is the caller's to check). */
  verifyOrganizer(token: string): OrganizerTokenPayload | null {
    return this.open(token, OrganizerTokenPayload);
  }

  private open<T extends z.ZodType>(token: string, schema: T): z.output<T> | null {
    const [body, mac] = token.split('.');
    if (!body || !mac || token.split('.').length !== 2) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
