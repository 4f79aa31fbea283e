import {
  AppError,
  audienceIncludes,
  type AdmissionRefusal,
  type Audience,
  type Session,
} from '@agora/shared';
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
 * The refusals of a ballot's, word's or upvote's admission (`admissionRefusal`,
 * shared/src/rules/participation.ts, names them; the Redis scripts as `RULE session.<name>`), and
 * of anyone but a participant.
 */
export const refusals = {
  notFound: () => refusalsOf.notFound('session'),
  /** `audience`: the session's `policy.vote` (a script passes it as it read it). */
  votePolicy: (audience: string) =>
    new AppError('POLICY_FORBIDS', policyMessage(audience as Audience, 'vote')),
  /** `audience`: the session's `policy.upvote`, as for `votePolicy`. */
  upvotePolicy: (audience: string) =>
    new AppError('POLICY_FORBIDS', policyMessage(audience as Audience, 'upvote')),
  notParticipant: () => new AppError('FORBIDDEN', 'only participants take part'),
} as const;

/** The refusal `admissionRefusal` named, with the session's policy for the action as it was read. */
export function admissionError(name: AdmissionRefusal, audience: string | undefined): AppError {
  return name === 'notFound' ? refusals.notFound() : refusals[name](audience ?? 'nobody');
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
