import type { Edition, Role } from '@agora/shared';
import type {
  ModeratorRecord,
  PrincipalRecord,
  RegistrantRecord,
  ScreenRecord,
} from '../identity/identity.store.ts';

/** An organizer account. The password is kept only as a scrypt hash (see `passwords.ts`). */
export interface OrganizerAccount {
  id: string;
  /** Lower-cased: the login key. */
  email: string;
  name: string;
  passwordHash: string;
  createdAt: number;
}

/** Settings of an edition that are not part of the public `Edition`. */
export interface EditionSettings {
  rehearsal: boolean;
  /** When the edition's personal data was purged (end of the replay window), else null. */
  purgedAt: number | null;
}

export const defaultSettings: EditionSettings = { rehearsal: false, purgedAt: null };

/** What a registrant import did, by registrant id. */
export interface RegistrantUpsert {
  created: string[];
  updated: string[];
  unchanged: string[];
}

type RecordOf<R extends Role> = Extract<PrincipalRecord, { role: R }>;

/**
 * Persistence the organizer console needs, on top of the program and identity stores. Erasure and
 * the go-live wipe are not here: each feature's store erases or wipes its own data
 * (`erasePrincipal`, `anonymiseAuthor`, `wipeQuestions`, `wipeInteractions`) and the privacy
 * service composes them.
 *
 * Held by the store as its `organizer` part (not merged into `Store` like the other modules'
 * interfaces) so that both implementations keep it in files of its own while the rest of the store
 * changes in parallel. Same rules as every store interface: each mutation is atomic, checks its own
 * preconditions, carries every generated value (ids, timestamps) and resolves once durable.
 */
export interface OrganizerStore {
  /** Adds or replaces an account; CONFLICT if its email belongs to another account. */
  putOrganizer(account: OrganizerAccount): Promise<void>;
  getOrganizer(id: string): Promise<OrganizerAccount | null>;
  findOrganizerByEmail(email: string): Promise<OrganizerAccount | null>;

  /** Every edition, by start date. */
  listEditions(): Promise<Edition[]>;
  getSettings(editionId: string): Promise<EditionSettings>;
  putSettings(editionId: string, settings: EditionSettings): Promise<void>;

  /** The principals of a role in an edition, in insertion order. */
  listPrincipals<R extends Role>(role: R, editionId: string): Promise<RecordOf<R>[]>;
  /** Ids of the principals of a role in an edition holding a code that is not revoked. */
  withActiveCode(role: Role, editionId: string): Promise<Set<string>>;
  /** Active and revoked codes of one principal. */
  codeCounts(role: Role, principalId: string): Promise<{ active: number; revoked: number }>;

  /**
   * Adds or updates registrants of an edition, keyed on their email (case-insensitive; rows carry
   * lower-cased emails and fresh ids, an existing registrant keeps its id). One atomic step.
   */
  upsertRegistrants(editionId: string, rows: RegistrantRecord[]): Promise<RegistrantUpsert>;
}

export type { ModeratorRecord, RegistrantRecord, ScreenRecord };
