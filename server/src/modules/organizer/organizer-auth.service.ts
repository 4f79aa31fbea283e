import { createHash } from 'node:crypto';
import { AppError, type Organizer } from '@agora/shared';
import type { Clock } from '../clock.ts';
import { newId } from '../clock.ts';
import type { LoginLimiter } from '../identity/failure-limiter.ts';
import type { TokenSigner } from '../identity/tokens.ts';
import type { OrganizerAccount, OrganizerStore } from './organizer.store.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

/** How long an organizer stays logged in. */
const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;

const unauthorized = () => new AppError('UNAUTHORIZED', 'log in as an organizer');

/** A password hash's fingerprint in tokens: a new password ends every session opened with the old one. */
const fingerprint = (hash: string) => createHash('sha256').update(hash).digest('base64url').slice(0, 16);

const view = (a: OrganizerAccount): Organizer => ({ id: a.id, email: a.email, name: a.name });

/**
 * The CLI only (scripts/create-organizer.ts, itself or through the running server's lock socket,
 * server/src/local-admin.ts): adds an account, or sets the name and password of the one with this email. INVALID_PAYLOAD for a password that is too short.
 */
export async function createOrganizerAccount(
  store: { organizer: OrganizerStore },
  clock: Clock,
  input: { email: string; name: string; password: string },
): Promise<Organizer> {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('INVALID_PAYLOAD', problem);
  const email = input.email.trim().toLowerCase();
  const existing = await store.organizer.findOrganizerByEmail(email);
  const account: OrganizerAccount = {
    id: existing?.id ?? newId(),
    email,
    name: input.name.trim(),
    passwordHash: await hashPassword(input.password),
    createdAt: existing?.createdAt ?? clock.now(),
  };
  await store.organizer.putOrganizer(account);
  return view(account);
}

/** Organizer accounts: login with email and password, recognising their tokens. */
export class OrganizerAuthService {
  constructor(
    private readonly store: { organizer: OrganizerStore },
    private readonly tokens: TokenSigner,
    private readonly limiter: LoginLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * Anyone: email + password → a token. A wrong email and a wrong password get the same answer in
   * about the same time; failures count against the caller's address (RATE_LIMITED past the limit).
   */
  async login(
    email: string,
    password: string,
    address: string,
  ): Promise<{ organizer: Organizer; token: string }> {
    await this.limiter.check(address);
    const account = await this.store.organizer.findOrganizerByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !ok) {
      await this.limiter.fail(address);
      throw new AppError('UNAUTHORIZED', 'wrong email or password');
    }
    const now = this.clock.now();
    const token = this.tokens.sign({
      r: 'organizer',
      o: account.id,
      v: fingerprint(account.passwordHash),
      iat: now,
      exp: now + TOKEN_LIFETIME_MS,
    });
    return { organizer: view(account), token };
  }

  /** Resolves an organizer token; anything else (no token, a personal token, expired, stale password) is UNAUTHORIZED. */
  async authenticate(token: string | undefined): Promise<Organizer> {
    const payload = token ? this.tokens.verifyOrganizer(token) : null;
    if (!payload || payload.exp <= this.clock.now()) throw unauthorized();
    const account = await this.store.organizer.getOrganizer(payload.o);
    if (!account || fingerprint(account.passwordHash) !== payload.v) throw unauthorized();
    return view(account);
  }
}
