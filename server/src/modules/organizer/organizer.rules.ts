import { AppError } from '@agora/shared';
import { refusals as common } from '../refusals.ts';

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
} as const;

/** An organizer account keeps an email no other account has: `ownerId`, the account that has it. */
export function checkOrganizerEmail(ownerId: string | null, accountId: string): void {
  if (ownerId !== null && ownerId !== accountId) throw refusals.emailTaken();
}

/** Settings and registrants belong to an existing edition. */
export function checkEdition(editionExists: boolean): void {
  if (!editionExists) throw refusals.notFound('edition');
}

/** A principal is erased from its own edition only. */
export function checkErasure(principal: { editionId: string } | null, editionId: string): void {
  if (!principal || principal.editionId !== editionId) throw refusals.notOfEdition();
}
