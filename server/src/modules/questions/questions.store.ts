import type { AttendanceMode, ModerationAction, QuestionStatus } from '@agora/shared';

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
  onScreenId: string | null;
  pending: number;
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
}

/**
 * Persistence the questions module needs. Every mutation is atomic (all or nothing), checks its
 * preconditions itself (so two nodes cannot race a read-modify-write), bumps the session's sequence
 * number, and resolves only once durable.
 */
export interface QuestionStore {
  getLive(sessionId: string): Promise<SessionLive>;
  listQuestions(sessionId: string): Promise<QuestionRecord[]>;
  getQuestion(id: string): Promise<QuestionRecord | null>;
  /** Question ids of this session the voter has upvoted. */
  listUpvoted(sessionId: string, voterId: string): Promise<string[]>;
  /** Adds a question, or returns the one already stored under (authorId, clientId) with `created: false`. */
  askQuestion(input: NewQuestion): Promise<QuestionChange & { question: QuestionRecord; created: boolean }>;
  /** Adds or removes an upvote on an approved question; `changed` is empty when it was already so. */
  setUpvote(input: {
    questionId: string;
    voterId: string;
    up: boolean;
    at: number;
  }): Promise<QuestionChange & { question: QuestionRecord; upvoted: boolean }>;
  /** Applies a status or star action; answering or rejecting the on-screen question clears the screen. */
  moderate(input: { questionId: string; action: ModerationAction; at: number }): Promise<QuestionChange>;
  /** Replaces the text, keeping an audit entry. */
  editQuestion(input: { questionId: string; text: string; by: string; at: number }): Promise<QuestionChange>;
  /** Merges `sourceId` into `targetId`: voters are united (no double vote), the source becomes `merged`. */
  mergeQuestions(input: { sourceId: string; targetId: string; at: number }): Promise<QuestionChange>;
  /** Puts a question on screen (approving it if pending) or clears the screen. */
  setOnScreen(input: { sessionId: string; questionId: string | null; at: number }): Promise<QuestionChange>;
}
