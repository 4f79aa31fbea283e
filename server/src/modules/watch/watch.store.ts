import type { ScreenItem } from '@agora/shared';
import type { FileRef } from '../documents/documents.store.ts';

/**
 * What the organizer set for a session's video, beyond the programme's stream and replay links:
 * an uploaded video file, where the session starts in the video, and whether the file is played
 * as the live stream too (a pre-recorded session; the demo). `rev` counts its writes (compare-and-set).
 */
export interface SessionVideoRecord {
  sessionId: string;
  editionId: string;
  rev: number;
  /** The uploaded video (the file store's key, type read from its bytes, version for signed links). */
  file: FileRef | null;
  /** Where the session starts in the replay video (seconds), as marked by the moderator. */
  videoStartOffsetSeconds: number;
  /** The file is also the live stream while the session runs (a pre-recorded session). */
  fileIsLive: boolean;
  updatedAt: number;
}

/** One thing put on the projector during a session, and when: the replay timeline is built from these. */
export interface ScreenEntry {
  sessionId: string;
  item: ScreenItem;
  at: number;
}

/**
 * Screen entries kept per session: far above any real session (a moderator's action each), a bound
 * all the same; past it, later entries are dropped (the timeline uses the first time each item
 * went on screen).
 */
export const MAX_SCREEN_ENTRIES = 2_000;

/**
 * The watch module's storage: each session's video settings and its screen history. A store
 * refuses with CONFLICT a `putVideo` whose `expectedRev` is not the stored record's (0: none yet),
 * and with NOT_FOUND one for a session that does not exist. Both writes are durable when they resolve.
 */
export interface WatchStore {
  /** Writes `video` (its `rev` must be `expectedRev + 1`) and returns it. */
  putVideo(video: SessionVideoRecord, expectedRev: number): Promise<SessionVideoRecord>;
  getVideo(sessionId: string): Promise<SessionVideoRecord | null>;
  /** The edition's video records, by session id. */
  listVideos(editionId: string): Promise<SessionVideoRecord[]>;
  /** Appends what went on screen (dropped past `MAX_SCREEN_ENTRIES` for the session). */
  recordScreen(entry: ScreenEntry): Promise<void>;
  /** The session's screen history, in the order recorded. */
  listScreens(sessionId: string): Promise<ScreenEntry[]>;
  /** Forgets the session's screen history (the go-live wipe: a rehearsal leaves no timeline). */
  clearScreens(sessionId: string): Promise<void>;
}

/** The order both stores list video records in. */
export const bySessionId = (a: SessionVideoRecord, b: SessionVideoRecord): number =>
  a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
