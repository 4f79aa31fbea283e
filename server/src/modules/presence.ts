/** Participants connected to a session, split by attendance mode (a person with two tabs counts once). */
export interface PresenceCounts {
  onsite: number;
  remote: number;
}

/**
 * Who is connected, for the participation rate shown to moderators. Implemented by the transport
 * (it alone sees connections); counts the participants following the session on this node.
 */
export interface Presence {
  connected(sessionId: string): PresenceCounts;
}

export const noPresence: Presence = { connected: () => ({ onsite: 0, remote: 0 }) };
