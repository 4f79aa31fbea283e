/**
 * How often live changes may go out. Moderators and projectors get live results at most every
 * `LIVE_INTERVAL_MS`: a handful of sockets, and the hall's screen should follow the vote. The
 * participants' phones get live results and Q&A deltas at a pace bounded by how many follow the
 * session (`AudienceSize`): a broadcast costs the server about 20 µs per socket (fan-out, measured at
 * 10,000: 19.5 µs per delivered message), so 100 ms of interval per 1,000 sockets keeps these
 * broadcasts under about a fifth of a core whatever the audience (1 s at 10,000), which leaves the
 * rest to the ballots, questions and upvotes themselves. A phone updated once a second during a
 * 10,000-person vote or upvote storm loses nothing: final results, reveals and screen changes go
 * out to everyone at once.
 */
export const LIVE_INTERVAL_MS = 250;
const AUDIENCE_MS_PER_SOCKET = 0.1;
const AUDIENCE_MAX_MS = 2000;

/**
 * How many follow a session, which sets its audience's pace: on one node, the sockets of its
 * audience room; with several, at least the session's participants on every node (the presence
 * board's last sum). Each node sends live results to its own sockets: paced by its own share, two
 * nodes sent every phone results twice as often as one node did (49,500 results messages in a
 * 10,000-ballot burst against 30,000), so the cluster's CPU per ballot grew with the node count.
 */
export type AudienceSize = (sessionId: string) => number;

/** Minimum time between two coalesced broadcasts to an audience room of `sockets` sockets. */
export function audienceIntervalMs(sockets: number, baseMs = LIVE_INTERVAL_MS): number {
  const scaled = Math.round(sockets * AUDIENCE_MS_PER_SOCKET);
  return Math.max(baseMs, Math.min(scaled, AUDIENCE_MAX_MS));
}
