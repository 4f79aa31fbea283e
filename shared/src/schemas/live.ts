import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { AudienceInteractions, ModInteractions, ScreenItem } from './interactions.ts';
import { InteractionPolicy, Session } from './program.ts';
import { AudienceQa, ModerationQa } from './questions.ts';
import { MeasuredDelay } from './watch.ts';

/**
 * A session's live state, whole: what the projector shows (a reference to a question, a poll or a
 * cloud that the snapshot and the Q&A and interaction events carry), who may ask, upvote and vote,
 * and the remote stream delay. Sent whole on every change (`live:state`), so a client keeps the
 * last one it received; a few hundred bytes, as cheap to send to 10,000 sockets as a screen change
 * ever was.
 */
export const LiveState = z.object({
  sessionId: Id,
  screen: ScreenItem.nullable(),
  policy: InteractionPolicy,
  remoteDelaySeconds: Session.shape.remoteDelaySeconds,
  /** « Écran noir »: the projectors show black whatever `screen` holds, which stays as it was. */
  blackout: z.boolean(),
  /**
   * While `screen` shows the question history only: the ids of the questions put on screen so far,
   * in the order they first went on screen (the projector reads them in its snapshot's questions).
   */
  history: z.array(Id).optional(),
});
export type LiveState = z.infer<typeof LiveState>;

/**
 * What a participant or a projector starts from, and resyncs from: the answer to `session:join`.
 * Server events received after the join was sent apply on top of it (see docs/architecture.md).
 */
export const SessionSnapshot = z.object({
  sessionId: Id,
  /** The server's clock when the snapshot was taken: countdowns use it, not a phone's own clock. */
  serverNow: Timestamp,
  live: LiveState,
  qa: AudienceQa,
  interactions: AudienceInteractions,
});
export type SessionSnapshot = z.infer<typeof SessionSnapshot>;

/** What a moderator's console starts from: the answer to `moderation:join`. */
export const ModeratorSnapshot = z.object({
  sessionId: Id,
  serverNow: Timestamp,
  live: LiveState,
  qa: ModerationQa,
  interactions: ModInteractions,
  /** Participants connected to the session now, for the participation rate. */
  connected: z.object({ onsite: z.number().int().nonnegative(), remote: z.number().int().nonnegative() }),
  /** The remote viewers' measured delay and whether the remote window follows it (then `delay:measured`). */
  measuredDelay: MeasuredDelay,
  /**
   * The questions put on screen so far, in the order they first went on screen (the balance
   * counter); the console adds those `live:state` puts on screen after the snapshot.
   */
  shownQuestions: z.array(Id),
});
export type ModeratorSnapshot = z.infer<typeof ModeratorSnapshot>;
