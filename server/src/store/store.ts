import type { AttendanceStore } from '../modules/attendance/attendance.store.ts';
import type { ContentStore } from '../modules/documents/documents.store.ts';
import type { IdentityStore } from '../modules/identity/identity.store.ts';
import type { InteractionStore } from '../modules/interactions/interactions.store.ts';
import type { OrganizerStore } from '../modules/organizer/organizer.store.ts';
import type { ProgramStore } from '../modules/program/program.store.ts';
import type { QuestionStore } from '../modules/questions/questions.store.ts';
import type { WatchStore } from '../modules/watch/watch.store.ts';

/** Everything the application persists; one embedded and (later) one Redis implementation. */
export interface Store extends ProgramStore, IdentityStore, QuestionStore, InteractionStore {
  /** A short name for health and logs. */
  readonly kind: string;
  /** The organizer console's part (accounts, listings, imports, erasure), kept in files of its own. */
  readonly organizer: OrganizerStore;
  /** Documents, partners and the contacts left to them (the documents module's part). */
  readonly content: ContentStore;
  /** Sessions' video settings (uploaded replay files) and screen histories (the watch module's part). */
  readonly watch: WatchStore;
  /** Minutes attended live and watched in replay, certificate settings (the attendance module's part). */
  readonly attendance: AttendanceStore;
  /**
   * Resolves if the store answers and accepts writes now, throws otherwise (readiness: `/readyz`).
   * Quick by design: a load balancer calls it every few seconds.
   */
  probe(): Promise<void>;
  close(): Promise<void>;
}
