import { AppError, audienceIncludes, type Audience, type Session } from '@agora/shared';
import type { Principal } from './identity/principal.ts';
import type { ProgramStore } from './program/program.store.ts';

/** True when a principal belongs to the audience a policy names. */
export function allows(audience: Audience, principal: Principal): boolean {
  return principal.role === 'participant' && audienceIncludes(audience, principal.attendance);
}

/** Why a policy refused: the POLICY_FORBIDS message. */
export function policyMessage(audience: Audience, action: string): string {
  if (audience === 'nobody') return `nobody may ${action} in this session`;
  return `only on-site participants may ${action} in this session`;
}

/** A session the principal's edition holds, else NOT_FOUND. */
export async function sessionFor(
  store: ProgramStore,
  principal: Principal,
  sessionId: string,
): Promise<Session> {
  const session = await store.getSession(sessionId);
  // Another edition's session is reported missing, not forbidden: its existence is none of the caller's business.
  if (!session || session.editionId !== principal.editionId)
    throw new AppError('NOT_FOUND', 'session not found');
  return session;
}

/** A session the principal moderates: moderators only, and only their sessions. */
export async function moderatedSession(
  store: ProgramStore,
  principal: Principal,
  sessionId: string,
): Promise<Session> {
  if (principal.role !== 'moderator') throw new AppError('FORBIDDEN', 'moderators only');
  const session = await sessionFor(store, principal, sessionId);
  if (principal.sessionIds && !principal.sessionIds.includes(sessionId)) {
    throw new AppError('FORBIDDEN', 'you do not moderate this session');
  }
  return session;
}
