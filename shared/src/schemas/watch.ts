import { z } from 'zod';
import { ClientId, Id, Timestamp } from './common.ts';
import { StoredFileInfo } from './documents.ts';
import { PollOption, PollResults } from './interactions.ts';

/**
 * Watching a session inside the app (remote participants, and on-site people who open the player):
 * live, replay, the replay's timeline, attendance. The stream and replay addresses reach only people
 * entitled to them (registrants of the edition inside its access window), through `watchRoutes`; the
 * programme says only whether there is a stream or a replay.
 */

/** How the player plays an address: HLS playlist, YouTube or Vimeo embed, or a plain video file. */
export const VideoKind = z.enum(['hls', 'youtube', 'vimeo', 'file']);
export type VideoKind = z.infer<typeof VideoKind>;

/** One playable address. A file the app serves itself comes as a short-lived signed address. */
export const VideoSource = z.object({
  kind: VideoKind,
  url: z.string().max(4000),
  /** When a signed address stops working (ms); null for outside addresses. Ask again after it. */
  expiresAt: Timestamp.nullable(),
});
export type VideoSource = z.infer<typeof VideoSource>;

/**
 * What can be watched of a session now, and why not when nothing can:
 * `upcoming` (before the session, a stream announced), `live` (during it), `replay` (ended, replay
 * available), `replay-pending` (ended, no replay yet), `not-yet` (before the edition's window),
 * `no-longer` (after the edition's replay date), `none` (no stream and no replay planned).
 */
export const WatchAvailability = z.enum([
  'upcoming',
  'live',
  'replay',
  'replay-pending',
  'not-yet',
  'no-longer',
  'none',
]);
export type WatchAvailability = z.infer<typeof WatchAvailability>;

/** The answer to `watchRoutes.sessionWatch`. */
export const SessionWatch = z.object({
  sessionId: Id,
  availability: WatchAvailability,
  /** Set only when `availability` is `upcoming` or `live`. */
  live: VideoSource.nullable(),
  /** Set only when `availability` is `replay`. */
  replay: VideoSource.nullable(),
  /** The edition's last replay day (ISO date, edition time zone). */
  replayUntil: z.iso.date(),
  /** Where the session starts in the replay video (seconds), as marked by the moderator. */
  videoStartOffsetSeconds: z.number().min(0),
  /** Where this person stopped in the replay last time (seconds), or null. */
  resumeAtSeconds: z.number().min(0).nullable(),
});
export type SessionWatch = z.infer<typeof SessionWatch>;

const TimelineBase = z.object({
  /** Seconds from the session's start (add `videoStartOffsetSeconds` to seek the video). */
  offsetSeconds: z.number().min(0),
});

/** Something that happened on screen during the session, for the replay's timeline. */
export const TimelineItem = z.discriminatedUnion('kind', [
  TimelineBase.extend({
    kind: z.literal('question'),
    questionId: Id,
    text: z.string(),
    origin: z.enum(['onsite', 'remote']),
    upvotes: z.number().int().nonnegative(),
  }),
  TimelineBase.extend({
    kind: z.literal('poll'),
    pollId: Id,
    question: z.string(),
    /** The poll's options in its order (a rating's values as options), to label the results. */
    options: z.array(PollOption).max(12),
    /** Final results (hall / remote split included). */
    results: PollResults.nullable(),
  }),
  TimelineBase.extend({
    kind: z.literal('cloud'),
    cloudId: Id,
    prompt: z.string(),
    /** The most frequent word groups, most frequent first. */
    words: z.array(z.object({ text: z.string(), count: z.number().int().nonnegative() })).max(50),
  }),
]);
export type TimelineItem = z.infer<typeof TimelineItem>;

export const ReplayTimeline = z.object({
  sessionId: Id,
  videoStartOffsetSeconds: z.number().min(0),
  items: z.array(TimelineItem),
});
export type ReplayTimeline = z.infer<typeof ReplayTimeline>;

/** A session of the replay catalogue, with where this person stands in it. */
export const ReplayEntry = z.object({
  sessionId: Id,
  title: z.string(),
  kind: z.enum(['plenary', 'workshop']),
  startsAt: Timestamp,
  endsAt: Timestamp,
  speakers: z.array(z.string()),
  resumeAtSeconds: z.number().min(0).nullable(),
  watchedSeconds: z.number().int().nonnegative(),
});
export type ReplayEntry = z.infer<typeof ReplayEntry>;

export const ReplayCatalogue = z.object({
  replayUntil: z.iso.date(),
  availability: z.enum(['open', 'not-yet', 'no-longer']),
  entries: z.array(ReplayEntry),
});
export type ReplayCatalogue = z.infer<typeof ReplayCatalogue>;

/**
 * A player's heartbeat (`watch:beat`): at most one per viewer every `beatSeconds`. Counts attendance
 * (live minutes, replay minutes, once per person however many tabs), keeps the replay's resume
 * point, and, live, carries the player's measured distance from the live edge.
 */
export const WatchBeat = z.strictObject({
  sessionId: Id,
  /** One per browser tab, so two tabs are told apart (and counted once). */
  tabId: ClientId,
  mode: z.enum(['live', 'replay']),
  /** Position in the video, seconds. */
  positionSeconds: z.number().min(0).max(86_400),
  /** Live only, when the player can tell: seconds behind the live edge. */
  behindLiveSeconds: z.number().min(0).max(3_600).nullable(),
  /** Whether the video was playing (not paused) since the last beat. */
  playing: z.boolean(),
});
export type WatchBeat = z.infer<typeof WatchBeat>;

/** Heartbeat spacing asked of players (seconds). */
export const beatSeconds = 30;

/** The remote viewers' measured delay, to moderators (`delay:measured`). */
export const MeasuredDelay = z.object({
  sessionId: Id,
  /** Viewers who reported in the last few beats. */
  viewers: z.number().int().nonnegative(),
  medianSeconds: z.number().min(0).nullable(),
  p90Seconds: z.number().min(0).nullable(),
  /** Whether the session's remote window follows the measured delay by itself. */
  follow: z.boolean(),
});
export type MeasuredDelay = z.infer<typeof MeasuredDelay>;

/** A session's video as the organizer sets it (`watchAdminRoutes`): the uploaded file and its settings. */
export const SessionVideoAdmin = z.object({
  sessionId: Id,
  /** The uploaded video file (MP4 or WebM, type read from its bytes), or null. */
  file: StoredFileInfo.nullable(),
  /** A short-lived signed address of the file, for the console's preview; null without a file. */
  fileUrl: z.string().nullable(),
  /** Where the session starts in the video (seconds): the replay's timeline offsets follow it. */
  videoStartOffsetSeconds: z.number().min(0),
  /** The file is also played as the live stream while the session runs (a pre-recorded session). */
  fileIsLive: z.boolean(),
});
export type SessionVideoAdmin = z.infer<typeof SessionVideoAdmin>;

/** The organizer's change of a session's video settings: only the fields given change. */
export const SessionVideoPatch = z.strictObject({
  videoStartOffsetSeconds: z.number().min(0).max(86_400).optional(),
  fileIsLive: z.boolean().optional(),
});
export type SessionVideoPatch = z.infer<typeof SessionVideoPatch>;
