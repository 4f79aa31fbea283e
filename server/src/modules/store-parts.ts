import type { AttendanceStore } from './attendance/attendance.store.ts';
import type { ContentStore } from './documents/documents.store.ts';
import type { IdentityStore } from './identity/identity.store.ts';
import type { InteractionStore } from './interactions/interactions.store.ts';
import type { OrganizerStore } from './organizer/organizer.store.ts';
import type { ProgramStore } from './program/program.store.ts';
import type { QuestionStore } from './questions/questions.store.ts';
import type { WatchStore } from './watch/watch.store.ts';

/**
 * The store's parts, one per feature module, each that module's store interface. A service names
 * the parts it uses (`Pick<StoreParts, 'program' | 'interactions'>`) and is given only those.
 */
export interface StoreParts {
  /** Editions and sessions (their policy and remote delay included). */
  readonly program: ProgramStore;
  /** Principals and their personal codes. */
  readonly identity: IdentityStore;
  /** Questions and the session's live state (sequence number, screen). */
  readonly questions: QuestionStore;
  /** Polls, word clouds, their ballots and words, and the projector screen. */
  readonly interactions: InteractionStore;
  /** The organizer console's part (accounts, listings, imports, settings). */
  readonly organizer: OrganizerStore;
  /** Documents, partners and the contacts left to them. */
  readonly content: ContentStore;
  /** Sessions' video settings (uploaded replay files) and screen histories. */
  readonly watch: WatchStore;
  /** Minutes attended live and watched in replay, resume points, certificate settings. */
  readonly attendance: AttendanceStore;
}
