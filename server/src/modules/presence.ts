/** Participants connected to a session, split by attendance mode (a person with two tabs counts once). */
export interface PresenceCounts {
  onsite: number;
  remote: number;
}

/**
 * Who is connected, for the participation rate shown to moderators and the organizer's overview.
 * Implemented by the transport (it alone sees connections): with one node, the participants
 * following the session on it; with several, the sum of every live node's count (a person
 * connected to two nodes at once counts on each).
 */
export interface Presence {
  connected(sessionId: string): Promise<PresenceCounts>;
}

/**
 * Where the nodes of a cluster share their counts: each node writes its own share of a session and
 * readers sum the shares. A share lives `ttlMs` unless written again, so a node that dies without a
 * word stops counting by itself. Implemented by the store layer (Redis).
 */
export interface PresenceBoard {
  /** Writes this node's counts of these sessions; zero counts remove its share. */
  publish(nodeId: string, shares: ReadonlyMap<string, PresenceCounts>, ttlMs: number): Promise<void>;
  /** The sum of the live shares of every node. */
  total(sessionId: string): Promise<PresenceCounts>;
}

export const noPresence: Presence = { connected: async () => ({ onsite: 0, remote: 0 }) };
