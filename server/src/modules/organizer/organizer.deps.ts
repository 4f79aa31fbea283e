import { AppError, type Edition } from '@agora/shared';
import type { ProgramStore } from '../program/program.store.ts';
import type { StoreParts } from '../store-parts.ts';

/** Every store part the organizer console reads or changes. */
export type ConsoleStore = StoreParts;

/** Where the organizer's links point; the public address may only be known once the server listens. */
export interface Links {
  readonly publicUrl: string;
}

/** The edition of a slug, or NOT_FOUND. */
export async function editionOf(store: ProgramStore, slug: string): Promise<Edition> {
  const edition = await store.getEditionBySlug(slug);
  if (!edition) throw new AppError('NOT_FOUND', 'edition not found');
  return edition;
}
