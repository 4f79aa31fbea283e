/** The one place room names are built; the transport joins sockets to them, services publish to them. */
export const rooms = {
  /** Participants and projectors following a session. */
  audience: (sessionId: string) => `s:${sessionId}:audience`,
  /** Moderators of a session. */
  moderation: (sessionId: string) => `s:${sessionId}:moderation`,
  /**
   * Projectors following a session (they are in its audience room too): live results reach them
   * at the moderators' pace, while the many participants' phones get them at a pace bounded by
   * the room's size (see `audience-cadence.ts`).
   */
  screens: (sessionId: string) => `s:${sessionId}:screens`,
  /** Every connection of one participant (their own questions). */
  participant: (participantId: string) => `p:${participantId}`,
} as const;

/** The session whose audience room this is, or null for any other room (presence counting). */
export function audienceSessionOf(room: string): string | null {
  const match = /^s:(.+):audience$/.exec(room);
  return match?.[1] ?? null;
}
