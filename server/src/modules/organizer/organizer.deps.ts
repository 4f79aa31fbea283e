import { AppError, type Edition } from '@agora/shared';
import type { AttendanceStore } from '../attendance/attendance.store.ts';
import type { ContentStore } from '../documents/documents.store.ts';
import type { IdentityStore } from '../identity/identity.store.ts';
import type { InteractionStore } from '../interactions/interactions.store.ts';
import type { ProgramStore } from '../program/program.store.ts';
import type { QuestionStore } from '../questions/questions.store.ts';
import type { OrganizerStore } from './organizer.store.ts';
import type { WatchStore } from '../watch/watch.store.ts';

/** Every store part the organizer console reads or changes. */
export type ConsoleStore = ProgramStore &
  IdentityStore &
  QuestionStore &
  InteractionStore & {
    readonly organizer: OrganizerStore;
    readonly content: ContentStore;
    readonly watch: Pick<WatchStore, 'clearScreens'>;
    readonly attendance: AttendanceStore;
  };

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
