import type { Admission, AttendanceMode, ModerationAction, QuestionStatus, ScreenItem } from '@agora/shared';

/** A question as stored, without its voters (the store counts them). */
export interface QuestionRecord {
  id: string;
  sessionId: string;
  authorId: string;
  clientId: string;
  text: string;
  originalText: string;
  anonymous: boolean;
  authorName: string;
  authorMode: AttendanceMode;
  status: QuestionStatus;
  starred: boolean;
  votes: number;
  mergedInto: string | null;
  merged: string[];
  edits: { at: number; by: string; from: string; to: string }[];
  createdAt: number;
  updatedAt: number;
}

/** Live state of a session: its sequence number, what is on screen, how many questions wait. */
export interface SessionLive {
  seq: number;
  /** The question on screen, if the screen shows a question. */
  onScreenId: string | null;
  pending: number;
  /**
   * What the projector shows: one question, poll or cloud, or nothing. Kept consistent with
   * `onScreenId` by every operation: `onScreenId` is `screen.id` when `screen.kind` is `question`,
   * else null.
   */
  screen: ScreenItem | null;
}

export interface NewQuestion {
  id: string;
  sessionId: string;
  authorId: string;
  clientId: string;
  text: string;
  anonymous: boolean;
  authorName: string;
  authorMode: AttendanceMode;
  at: number;
}

/** A change to a session's questions; `seq` is the session's sequence number after it. */
export interface QuestionChange {
  sessionId: string;
  seq: number;
  /** Questions whose state changed, as they are now. */
  changed: QuestionRecord[];
  live: SessionLive;
  /** The question on screen after the change, so publishing needs no second read. */
  onScreen: QuestionRecord | null;
  /** True when `live.screen` changed (a `live:state` is due), e.g. the on-screen question was answered. */
  screenChanged: boolean;
}

/**
 * Persistence the questions module needs. Every mutation is atomic (all or nothing), is decided by
 * questions.rules.ts on the state it applies to (so two nodes cannot race a read-modify-write), bumps
 * the session's sequence number, and resolves only once durable.
 */
export interface QuestionStore {
  getLive(sessionId: string): Promise<SessionLive>;
  /** Read-only: a store may hand the same list to every reader until a question changes. */
  listQuestions(sessionId: string): Promise<readonly QuestionRecord[]>;
  getQuestion(id: string): Promise<QuestionRecord | null>;
  /** Question ids of this session the voter has upvoted. */
  listUpvoted(sessionId: string, voterId: string): Promise<string[]>;
  /** Adds a question, or returns the one already stored under (authorId, clientId) with `created: false`. */
  askQuestion(input: NewQuestion): Promise<QuestionChange & { question: QuestionRecord; created: boolean }>;
  /**
   * Adds or removes an upvote on an approved question; `changed` is empty when it was already so.
   * Order of checks: the question exists (NOT_FOUND); then, when `admission` is given, its session
   * admits the voter (`admissionRefusal`: NOT_FOUND for another edition's, POLICY_FORBIDS by the
   * upvote policy, for an upvote only: withdrawing is always allowed), in the same step, so an
   * upvote enters the store once; then only an approved question takes an upvote (CONFLICT).
   */
  setUpvote(input: {
    questionId: string;
    voterId: string;
    up: boolean;
    at: number;
    admission?: Admission;
  }): Promise<QuestionChange & { question: QuestionRecord; upvoted: boolean }>;
  /**
   * Applies a status or star action; answering or rejecting the on-screen question clears the screen
   * (`onScreenId` and `screen`, with `screenChanged`).
   */
  moderate(input: { questionId: string; action: ModerationAction; at: number }): Promise<QuestionChange>;
  /** Replaces the text, keeping an audit entry. */
  editQuestion(input: { questionId: string; text: string; by: string; at: number }): Promise<QuestionChange>;
  /**
   * Merges `sourceId` into `targetId`: voters are united (no double vote), the source becomes `merged`
   * (and leaves the screen if it was on it).
   */
  mergeQuestions(input: { sourceId: string; targetId: string; at: number }): Promise<QuestionChange>;
  /**
   * Puts a question on screen (approving it if pending; it replaces a poll or cloud on screen) or
   * clears the screen (whatever it showed).
   */
  setOnScreen(input: { sessionId: string; questionId: string | null; at: number }): Promise<QuestionChange>;

  // --- privacy (composed by the organizer's privacy service) ---

  /**
   * Removes the author's name from every question they asked in the edition's sessions (marked
   * anonymous; text, votes and author id stay). Returns how many questions they had asked there.
   * Idempotent.
   */
  anonymiseAuthor(editionId: string, authorId: string): Promise<number>;
  /**
   * Deletes every question (and upvote) of the edition's sessions; the sessions' live state is reset
   * (nothing pending, nothing on screen) with their sequence numbers bumped, so clients resync.
   * Returns how many questions were deleted.
   */
  wipeQuestions(editionId: string): Promise<number>;
}
