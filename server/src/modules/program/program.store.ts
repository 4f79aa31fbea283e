import type { Edition, InteractionPolicy, Session } from '@agora/shared';

/** Persistence the programme module needs. */
export interface ProgramStore {
  /** True when no edition exists yet (the demo edition is only loaded into an empty store). */
  isEmpty(): Promise<boolean>;
  /** True for exactly one caller ever (per store): several nodes starting at once load the demo once. */
  claimDemo(): Promise<boolean>;
  putEdition(edition: Edition): Promise<void>;
  getEdition(id: string): Promise<Edition | null>;
  getEditionBySlug(slug: string): Promise<Edition | null>;
  putSession(session: Session): Promise<void>;
  getSession(id: string): Promise<Session | null>;
  listSessions(editionId: string): Promise<Session[]>;
  /** Changes a session's policy (a setting, not part of the Q&A sequence). */
  setPolicy(sessionId: string, policy: InteractionPolicy): Promise<Session>;
  /** Changes a session's remote stream delay (seconds); it applies from the next close of a poll or cloud. */
  setRemoteDelay(sessionId: string, remoteDelaySeconds: number): Promise<Session>;
  /** Blacks out the session's projectors or brings them back (a setting, like the policy). */
  setBlackout(sessionId: string, on: boolean): Promise<Session>;
}
