import { AppError } from '@agora/shared';

/*
 * The rules of the programme's writes, decided once; both stores apply them, the services rely on
 * the store's refusal. Every refusal text of a programme write is here.
 */

/** Every refusal of a programme write. */
export const refusals = {
  slugTaken: () => new AppError('CONFLICT', 'this slug is taken'),
} as const;

/**
 * An edition keeps a slug no other edition holds: `holderId` is the edition the store finds by the
 * slug (null when none), so two organizers racing on two nodes cannot give two editions one slug.
 */
export function checkEditionSlug(holderId: string | null, editionId: string): void {
  if (holderId !== null && holderId !== editionId) throw refusals.slugTaken();
}
