import { AppError, answerRefusal, type AttendanceMode, type InteractionStatus } from '@agora/shared';
import { mustExist, refusals as common } from '../refusals.ts';
import type { Interaction, InteractionKind, InteractionRef } from './interactions.store.ts';

/*
 * The lifecycle of polls and clouds, decided once: creation as a draft, open, close (with the
 * remote window), finalise, reveal, and the go-live reset. Pure functions of what the store holds,
 * the input and the time, giving a refusal (thrown AppError) or the fields to write; both stores
 * apply them. Whether an answer may still count is the shared rule (`answerRefusal`, applied by
 * the ballot and word rules with `checkAnswerable`, and by the browser); every other refusal text
 * of these writes is here.
 */

/** The fields of a poll or cloud the lifecycle owns. */
export type LifecycleFields = Pick<
  Interaction,
  'status' | 'revealed' | 'openedAt' | 'closedAt' | 'remoteClosesAt'
>;

/** What the rules read of a poll or cloud. */
export type LifecycleFacts = Pick<
  Interaction,
  'kind' | 'status' | 'visibility' | 'revealed' | 'remoteClosesAt'
>;

/** A decided lifecycle change: the fields to write (none when `changed` is false). */
export interface LifecycleDecision {
  changed: boolean;
  patch: Partial<LifecycleFields>;
  /** Whether the results' version is bumped: results carry `final`, which follows the status. */
  bumpVersion: boolean;
}

/** Every refusal of a poll or cloud's lifecycle and definition. */
export const refusals = {
  notFound: common.notFound,
  idTaken: () => new AppError('CONFLICT', 'id already taken'),
  neverOpened: (kind: InteractionKind) => new AppError('CONFLICT', `the ${kind} was never opened`),
  /**
   * A ballot or word the lifecycle refused, as a store that decided it elsewhere (Redis' hot
   * scripts) names it: the shared rule's text, for a window that is over.
   */
  closed: (kind: InteractionKind, status: InteractionStatus, mode: AttendanceMode) => {
    // With no window left (no remoteClosesAt), the shared rule refuses every status but `open`.
    const refusal = answerRefusal(
      { kind, status: status === 'open' ? 'closed' : status, remoteClosesAt: null },
      mode,
      0,
    );
    if (!refusal) throw new Error('the lifecycle rule refuses every status but open');
    return new AppError(refusal.code, refusal.message);
  },
} as const;

/** A new poll or cloud: a draft, its results shown at once when `live`. */
export function newDraft(input: {
  id: string;
  sessionId: string;
  visibility: Interaction['visibility'];
  at: number;
}): Pick<Interaction, 'id' | 'sessionId' | 'visibility' | 'createdAt'> & LifecycleFields {
  return {
    id: input.id,
    sessionId: input.sessionId,
    status: 'draft',
    visibility: input.visibility,
    revealed: input.visibility === 'live',
    createdAt: input.at,
    openedAt: null,
    closedAt: null,
    remoteClosesAt: null,
  };
}

/** A poll or cloud is created in an existing session, under an id no poll or cloud has. */
export function checkCreate(facts: { sessionExists: boolean; idTaken: boolean }): void {
  if (!facts.sessionExists) throw refusals.notFound('session');
  if (facts.idTaken) throw refusals.idTaken();
}

/** `revealed` follows the visibility when a definition is replaced. */
export const revealedFor = (visibility: Interaction['visibility']): boolean => visibility === 'live';

/**
 * open: from draft, closing or closed (answers kept, close times cleared); already open, unchanged.
 * close: open → closing for the session's remote delay, or closed when it is 0; draft refused;
 *   closing or closed, unchanged. `remoteDelaySeconds` is null when the session does not exist.
 * finalize: closing → closed once `at` reaches the end of the remote window; else unchanged.
 */
export function decideLifecycle(
  item: LifecycleFacts | null,
  ref: InteractionRef,
  input: { action: 'open' | 'close' | 'finalize'; at: number; remoteDelaySeconds: number | null },
): LifecycleDecision {
  const it = mustExist(item, ref.kind);
  const unchanged: LifecycleDecision = { changed: false, patch: {}, bumpVersion: false };
  const change = (patch: Partial<LifecycleFields>): LifecycleDecision => ({
    changed: true,
    patch,
    bumpVersion: true,
  });
  const { at } = input;
  switch (input.action) {
    case 'open':
      if (it.status === 'open') return unchanged;
      return change({ status: 'open', openedAt: at, closedAt: null, remoteClosesAt: null });
    case 'close': {
      if (it.status === 'draft') throw refusals.neverOpened(it.kind);
      if (it.status !== 'open') return unchanged;
      const delay = input.remoteDelaySeconds;
      if (delay === null) throw refusals.notFound('session');
      return change({
        status: delay > 0 ? 'closing' : 'closed',
        closedAt: at,
        remoteClosesAt: at + delay * 1000,
      });
    }
    case 'finalize':
      if (it.status !== 'closing' || it.remoteClosesAt === null || at < it.remoteClosesAt) return unchanged;
      return change({ status: 'closed' });
  }
}

/** Shows or hides the results of a `hidden` poll or cloud; a `live` one stays revealed. */
export function decideReveal(
  item: LifecycleFacts | null,
  ref: InteractionRef,
  revealed: boolean,
): LifecycleDecision {
  const it = mustExist(item, ref.kind);
  const next = it.visibility === 'live' ? true : revealed;
  if (it.revealed === next) return { changed: false, patch: {}, bumpVersion: false };
  return { changed: true, patch: { revealed: next }, bumpVersion: false };
}

/**
 * Go-live: back to the draft as prepared (definition kept), close times cleared; the store deletes
 * its answers and bumps its results' version. `used` when it had been opened or holds answers.
 */
export function decideReset(
  item: Pick<Interaction, 'status' | 'visibility'>,
  hasAnswers: boolean,
): { patch: LifecycleFields; used: boolean } {
  return {
    patch: {
      status: 'draft',
      revealed: revealedFor(item.visibility),
      openedAt: null,
      closedAt: null,
      remoteClosesAt: null,
    },
    used: item.status !== 'draft' || hasAnswers,
  };
}
