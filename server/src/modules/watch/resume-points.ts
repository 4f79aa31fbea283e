/**
 * Where a person stands in a session's replay: the port the watch service reads resume points and
 * watched time through. The attendance work (player heartbeats, `watch:beat`) fills it; until it is
 * wired, `noResumePoints` answers « nowhere yet » for everyone.
 */
export interface ResumePoints {
  /** Where this person stopped in the session's replay (seconds), or null. */
  resumeAt(principalId: string, sessionId: string): Promise<number | null>;
  /** Seconds of replay this person watched, per session asked (absent: none). */
  watched(principalId: string, sessionIds: readonly string[]): Promise<Map<string, number>>;
}

/** No resume point, nothing watched: the stand-in until heartbeats are recorded. */
export const noResumePoints: ResumePoints = {
  resumeAt: async () => null,
  watched: async () => new Map(),
};
