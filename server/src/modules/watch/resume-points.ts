/** Where a person stands in a session's replay. */
export interface Progress {
  /** Where this person stopped in the session's replay (seconds), or null. */
  resumeAtSeconds: number | null;
  /** Seconds of the replay this person watched (each part counted once). */
  watchedSeconds: number;
}

/**
 * The port the watch service reads resume points and watched time through; the attendance module
 * (player heartbeats, `watch:beat`) implements it.
 */
export interface ResumePoints {
  /** One session. */
  resumeOf(sessionId: string, principalId: string): Promise<Progress>;
  /** Every session of an edition this person has a record of (the replay catalogue). */
  progressOf(editionId: string, principalId: string): Promise<Map<string, Progress>>;
}
