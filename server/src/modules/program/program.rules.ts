import { AppError } from '@agora/shared';
import { mustExist, refusals as common } from '../refusals.ts';

/*
 * The rules of the programme's writes, decided once; both stores apply them, the services rely on
 * the store's refusal. Every refusal text of a programme write is here.
 */

/** Every refusal of a programme write. */
export const refusals = {
  notFound: common.notFound,
  slugTaken: () => new AppError('CONFLICT', 'this slug is taken'),
} as const;

/**
 * An edition keeps a slug no other edition holds: `holderId` is the edition the store finds by the
 * slug (null when none), so two organizers racing on two nodes cannot give two editions one slug.
 */
export function checkEditionSlug(holderId: string | null, editionId: string): void {
  if (holderId !== null && holderId !== editionId) throw refusals.slugTaken();
}

/** A session is put in an existing edition. */
export function checkSessionEdition(editionExists: boolean): void {
  if (!editionExists) throw refusals.notFound('edition');
}

/** A session setting (policy, remote delay) changes an existing session: the session, or NOT_FOUND. */
export function mustSession<T>(session: T | null | undefined): T {
  return mustExist(session, 'session');
}
