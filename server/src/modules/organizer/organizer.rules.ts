import { AppError } from '@agora/shared';
import type { RegistrantRecord } from '../identity/identity.store.ts';
import { refusals as common } from '../refusals.ts';
import type { RegistrantUpsert } from './organizer.store.ts';

/*
 * The rules of the organizer console's writes to the store, decided once; both stores apply them.
 * Every refusal text of these writes is here.
 */

/** Every refusal of an organizer write. */
export const refusals = {
  notFound: common.notFound,
  emailTaken: () => new AppError('CONFLICT', 'an organizer account with this email exists'),
  /** A principal erased from an edition it does not belong to (or that does not exist). */
  notOfEdition: () => new AppError('NOT_FOUND', 'not found'),
  endsBeforeStart: () => new AppError('INVALID_PAYLOAD', 'the edition ends before it starts'),
  replayBeforeEnd: () => {
    const message = 'the replay date comes before the edition’s last day';
    return new AppError('INVALID_PAYLOAD', message, [{ path: 'replayUntil', message }]);
  },
} as const;

/** An organizer account keeps an email no other account has: `ownerId`, the account that has it. */
export function checkOrganizerEmail(ownerId: string | null, accountId: string): void {
  if (ownerId !== null && ownerId !== accountId) throw refusals.emailTaken();
}

/**
 * An edition's dates, as created or changed: it ends on or after its first day, and its replay
 * date is on or after its last day. The retention job erases an edition's people once its replay
 * date is over: a replay date typed as 2025 for 2027 was stored, and the next start of the server
 * purged a running edition (every code revoked, the registration list gone).
 */
export function checkEditionDates(edition: {
  startDate: string;
  endDate: string;
  replayUntil: string;
}): void {
  if (edition.endDate < edition.startDate) throw refusals.endsBeforeStart();
  if (edition.replayUntil < edition.endDate) throw refusals.replayBeforeEnd();
}

/** Settings and registrants belong to an existing edition. */
export function checkEdition(editionExists: boolean): void {
  if (!editionExists) throw refusals.notFound('edition');
}

/** A principal is erased from its own edition only. */
export function checkErasure(principal: { editionId: string } | null, editionId: string): void {
  if (!principal || principal.editionId !== editionId) throw refusals.notOfEdition();
}

/** A registrant to write: `created` when new to the edition (its id added to the edition's list). */
export interface RegistrantWrite {
  record: RegistrantRecord;
  created: boolean;
}

/**
 * An import of registrants, row by row in order: a row whose (lower-cased) email the edition knows
 * keeps the registrant's id, and is unchanged when its name, email, organisation and attendance are
 * the same; otherwise it is written. `known`: the edition's registrants by lower-cased email.
 */
export function decideRegistrants(
  known: ReadonlyMap<string, RegistrantRecord>,
  rows: readonly RegistrantRecord[],
): { upsert: RegistrantUpsert; writes: RegistrantWrite[] } {
  const byEmail = new Map(known);
  const upsert: RegistrantUpsert = { created: [], updated: [], unchanged: [] };
  const writes: RegistrantWrite[] = [];
  for (const row of rows) {
    const email = row.email.toLowerCase();
    const existing = byEmail.get(email);
    const next = existing ? { ...row, id: existing.id } : row;
    if (
      existing &&
      existing.name === next.name &&
      existing.organisation === next.organisation &&
      existing.attendance === next.attendance &&
      existing.email === next.email
    ) {
      upsert.unchanged.push(next.id);
      continue;
    }
    (existing ? upsert.updated : upsert.created).push(next.id);
    writes.push({ record: next, created: !existing });
    byEmail.set(email, next);
  }
  return { upsert, writes };
}
