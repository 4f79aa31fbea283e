import type { AttendanceMode, Role } from '@agora/shared';

/** A person registered for an edition. */
export interface RegistrantRecord {
  id: string;
  editionId: string;
  name: string;
  email: string;
  organisation: string;
  attendance: AttendanceMode;
}

/** A moderator of an edition; `sessionIds` null means every session of the edition. */
export interface ModeratorRecord {
  id: string;
  editionId: string;
  name: string;
  sessionIds: string[] | null;
}

/** A projector screen of a room. */
export interface ScreenRecord {
  id: string;
  editionId: string;
  name: string;
  room: string;
}

/** What a personal code (stored only as its keyed hash) opens. */
export interface CodeRecord {
  hash: string;
  role: Role;
  principalId: string;
  editionId: string;
  revoked: boolean;
}

export type PrincipalRecord =
  | ({ role: 'participant' } & RegistrantRecord)
  | ({ role: 'moderator' } & ModeratorRecord)
  | ({ role: 'projector' } & ScreenRecord);

/** Persistence the identity module needs. */
export interface IdentityStore {
  putRegistrant(registrant: RegistrantRecord): Promise<void>;
  putModerator(moderator: ModeratorRecord): Promise<void>;
  putScreen(screen: ScreenRecord): Promise<void>;
  getPrincipal(role: Role, id: string): Promise<PrincipalRecord | null>;
  /** Stores a code's hash; the code itself is never stored. */
  putCode(code: CodeRecord): Promise<void>;
  findCode(hash: string): Promise<CodeRecord | null>;
  /** Revokes every code of a principal (a reissue then adds a new one). */
  revokeCodes(role: Role, principalId: string): Promise<number>;
  /**
   * Erases a principal (privacy): its record is deleted (a registrant's email is free again) and
   * every code revoked. Returns how many codes were revoked. NOT_FOUND if it does not exist in this
   * edition.
   */
  erasePrincipal(role: Role, editionId: string, principalId: string): Promise<number>;
}
