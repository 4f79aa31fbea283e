import { AppError, Audience, audienceIncludes, type Session } from '@agora/shared';
import type { Principal } from './identity/principal.ts';
import type { ProgramStore } from './program/program.store.ts';
import { refusals as refusalsOf } from './refusals.ts';

/** True when a principal belongs to the audience a policy names. */
export function allows(audience: Audience, principal: Principal): boolean {
  return principal.role === 'participant' && audienceIncludes(audience, principal.attendance);
}

/** Why a policy refused: the POLICY_FORBIDS message. */
export function policyMessage(audience: Audience, action: string): string {
  if (audience === 'nobody') return `nobody may ${action} in this session`;
  return `only on-site participants may ${action} in this session`;
}

/**
 * Who is taking part, as a write that checks the session itself needs it (`NewBallot.admission`):
 * the person's edition, and the policies (`policy.vote`) that let them take part, decided here by
 * `allows` so that a store only compares.
 */
export interface Admission {
  editionId: string;
  audiences: Audience[];
}

export function admissionOf(principal: Principal): Admission {
  return { editionId: principal.editionId, audiences: Audience.options.filter((a) => allows(a, principal)) };
}

/** The refusals of `checkAdmission`; the Redis ballot script names them (`RULE session.<name>`). */
export const refusals = {
  notFound: () => refusalsOf.notFound('session'),
  /** `audience`: the session's `policy.vote` (a script passes it as it read it). */
  votePolicy: (audience: string) =>
    new AppError('POLICY_FORBIDS', policyMessage(audience as Audience, 'vote')),
} as const;

/**
 * A ballot's session as `mayTakePart` checks it, for a store that checks it in the write itself:
 * NOT_FOUND unless it is a session of the voter's edition, POLICY_FORBIDS unless its vote policy is
 * one the admission lists.
 */
export function checkAdmission(
  session: Pick<Session, 'editionId' | 'policy'> | null,
  admission: Admission,
): void {
  if (!session || session.editionId !== admission.editionId) throw refusals.notFound();
  if (!admission.audiences.includes(session.policy.vote)) throw refusals.votePolicy(session.policy.vote);
}

/** Only participants vote and send words: FORBIDDEN for moderators and projectors. */
export function mustBeParticipant(principal: Principal): void {
  if (principal.role !== 'participant') throw new AppError('FORBIDDEN', 'only participants take part');
}

/** A session the principal's edition holds, else NOT_FOUND. */
export async function sessionFor(
  store: ProgramStore,
  principal: Principal,
  sessionId: string,
): Promise<Session> {
  const session = await store.getSession(sessionId);
  // Another edition's session is reported missing, not forbidden: its existence is none of the caller's business.
  if (!session || session.editionId !== principal.editionId) throw refusals.notFound();
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
