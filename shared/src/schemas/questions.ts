import { z } from 'zod';
import { AttendanceMode, ClientId, Id, Timestamp } from './common.ts';
import { limits } from '../limits.ts';

/** Lifecycle of a question. `merged` questions live on inside their target. */
export const QuestionStatus = z.enum(['pending', 'approved', 'answered', 'rejected', 'merged']);
export type QuestionStatus = z.infer<typeof QuestionStatus>;

/** The text of a question as a participant or a moderator writes it. */
export const QuestionText = z.string().trim().min(limits.questionMinLength).max(limits.questionMaxLength);

/** A question as the audience and the projector see it (approved or answered only). */
export const PublicQuestion = z.object({
  id: Id,
  sessionId: Id,
  text: z.string(),
  /** null when the author chose to be anonymous. */
  authorName: z.string().nullable(),
  authorMode: AttendanceMode,
  status: QuestionStatus,
  starred: z.boolean(),
  votes: z.number().int().nonnegative(),
  createdAt: Timestamp,
});
export type PublicQuestion = z.infer<typeof PublicQuestion>;

/** One audited edit of a question's text by a moderator. */
export const QuestionEdit = z.object({
  at: Timestamp,
  by: Id,
  from: z.string(),
  to: z.string(),
});

/** A question as moderators see it: every status, the audit trail, merges. */
export const ModQuestion = PublicQuestion.extend({
  originalText: z.string(),
  edits: z.array(QuestionEdit),
  mergedInto: Id.nullable(),
  /** Ids of the questions merged into this one. */
  merged: z.array(Id),
  updatedAt: Timestamp,
});
export type ModQuestion = z.infer<typeof ModQuestion>;

/** A participant's own question, with its status (the author sees it whatever the status). */
export const MyQuestion = PublicQuestion.extend({
  clientId: ClientId,
  mergedInto: Id.nullable(),
  /** Lets the author's screens keep the newest of two updates that cross. */
  updatedAt: Timestamp,
});
export type MyQuestion = z.infer<typeof MyQuestion>;

/** Moderator actions that only change a question's status or star. */
export const ModerationAction = z.enum(['approve', 'reject', 'answer', 'reopen', 'star', 'unstar']);
export type ModerationAction = z.infer<typeof ModerationAction>;

/**
 * The Q&A part of a participant's or a projector's join snapshot: approved and answered questions,
 * the queue size, the caller's own questions and upvotes, as of the session's sequence number `seq`.
 */
export const AudienceQa = z.object({
  seq: z.number().int().nonnegative(),
  questions: z.array(PublicQuestion),
  pendingCount: z.number().int().nonnegative(),
  mine: z.array(MyQuestion),
  myUpvotes: z.array(Id),
});
export type AudienceQa = z.infer<typeof AudienceQa>;

/** The Q&A part of a moderator's join snapshot: every question, as of `seq`. */
export const ModerationQa = z.object({
  seq: z.number().int().nonnegative(),
  questions: z.array(ModQuestion),
});
export type ModerationQa = z.infer<typeof ModerationQa>;

/**
 * Changes to the audience's view, coalesced: the delta covers the session's changes numbered
 * (fromSeq, seq]. `upsert` holds every question of that range that the audience may see, whole, as
 * it is at `seq`; `remove` the ones it may no longer see (a question shown then hidden in the range
 * is only in `remove`); `pendingCount` is as of `seq`. What is on screen is not here: it is the
 * live state's (`live:state`); a screen change moves the sequence all the same. A client at `last` ignores a
 * delta with `seq <= last`, applies one with `fromSeq <= last` (an overlap is harmless: upserts are
 * whole, so applying one twice changes nothing), and resyncs from a snapshot when `fromSeq > last`.
 */
export const AudienceDelta = z
  .object({
    sessionId: Id,
    fromSeq: z.number().int().nonnegative(),
    seq: z.number().int().positive(),
    upsert: z.array(PublicQuestion),
    remove: z.array(Id),
    pendingCount: z.number().int().nonnegative(),
  })
  .refine((d) => d.fromSeq < d.seq, { message: 'fromSeq must be below seq', path: ['fromSeq'] });
export type AudienceDelta = z.infer<typeof AudienceDelta>;

/** Change to the moderators' view; same `seq` as the audience delta of the same change. */
export const ModerationDelta = z.object({
  sessionId: Id,
  seq: z.number().int().positive(),
  upsert: z.array(ModQuestion),
});
export type ModerationDelta = z.infer<typeof ModerationDelta>;

/** Result of an upvote command. */
export const UpvoteResult = z.object({
  questionId: Id,
  votes: z.number().int().nonnegative(),
  upvoted: z.boolean(),
});
export type UpvoteResult = z.infer<typeof UpvoteResult>;
