import { AppError } from '../errors.ts';
import type { AttendanceMode } from '../schemas/common.ts';
import type { Role } from '../schemas/identity.ts';
import { Audience, type Session } from '../schemas/program.ts';
import type { Cloud, Poll } from '../schemas/interactions.ts';

/**
 * Whether a person who follows the session in `attendance` belongs to the audience a session
 * policy names (who may ask, upvote, vote). The server refuses with POLICY_FORBIDS when not (and
 * also requires the participant role); the client uses it to show or hide the control. A
 * moderator or a projector has no attendance and belongs to no audience but `everyone`.
 */
export function audienceIncludes(audience: Audience, attendance: AttendanceMode | null): boolean {
  return audience === 'everyone' || (audience === 'onsite' && attendance === 'onsite');
}

/** What a poll or cloud's lifecycle says about an answer; the fields the rule reads. */
export type AnswerTarget = Pick<Poll | Cloud, 'kind' | 'status' | 'remoteClosesAt'>;

/** Why an answer is refused by the lifecycle: always CLOSED, with the message the stores give. */
export type AnswerRefusal = { code: 'CLOSED'; message: string };

/**
 * Whether a ballot or a word sent at `at` by a person in `mode` may still count: `open` takes
 * everyone; `closing` (the hybrid-fair window) takes remote people until `remoteClosesAt`, the
 * session's stream delay after the moderator closed it. Null when it may, else the refusal.
 * The embedded store throws it as an AppError; the client shows what it decides (the server
 * decides again on arrival, at its own time).
 */
export function answerRefusal(
  item: AnswerTarget,
  mode: AttendanceMode | null,
  at: number,
): AnswerRefusal | null {
  if (item.status === 'open') return null;
  if (
    item.status === 'closing' &&
    mode === 'remote' &&
    item.remoteClosesAt !== null &&
    at < item.remoteClosesAt
  )
    return null;
  const message =
    item.status === 'closing' && mode === 'onsite'
      ? 'closed in the hall (still open for remote participants)'
      : `the ${item.kind} is not open`;
  return { code: 'CLOSED', message };
}

/** `answerRefusal` as a thrown AppError (CLOSED): how the stores apply it on the server. */
export function checkAnswerable(item: AnswerTarget, mode: AttendanceMode | null, at: number): void {
  const refusal = answerRefusal(item, mode, at);
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

/**
 * Who may take part in a session's polls and clouds, as a write that checks the session itself
 * carries it: the person's edition, and the vote policies (`policy.vote`) that let them take part.
 * Decided once on the server from who is calling, so that a store only compares.
 */
export interface Admission {
  editionId: string;
  audiences: Audience[];
}

/** A participant's admission; null for anyone else (moderators and projectors do not take part). */
export function admissionOf(who: {
  role: Role;
  editionId: string;
  attendance: AttendanceMode | null;
}): Admission | null {
  if (who.role !== 'participant') return null;
  return {
    editionId: who.editionId,
    audiences: Audience.options.filter((a) => audienceIncludes(a, who.attendance)),
  };
}

/**
 * The session policy an admission is checked against: `vote` for ballots and words, `upvote` for
 * upvotes; null checks the edition alone (withdrawing an upvote is always allowed).
 */
export type AdmittedAction = 'vote' | 'upvote';

/** What `admissionRefusal` names: the session is not the person's, or its policy leaves them out. */
export type AdmissionRefusal = 'notFound' | `${AdmittedAction}Policy`;

/**
 * Whether a ballot's, word's or upvote's session admits the person: `notFound` unless it is a
 * session of their edition, `<action>Policy` unless the session's policy for the action is one the
 * admission lists, else null. Named, not worded: both stores compare (the Redis scripts in Lua) and
 * the server words the refusal (`session-access.ts`).
 */
export function admissionRefusal(
  session: Pick<Session, 'editionId' | 'policy'> | null | undefined,
  admission: Admission,
  action: AdmittedAction | null = 'vote',
): AdmissionRefusal | null {
  if (!session || session.editionId !== admission.editionId) return 'notFound';
  if (action === null || admission.audiences.includes(session.policy[action])) return null;
  return `${action}Policy`;
}

/** `answerRefusal` as a yes or no: whether the person may still answer. */
export function acceptsFrom(item: AnswerTarget, mode: AttendanceMode | null, at: number): boolean {
  return answerRefusal(item, mode, at) === null;
}
