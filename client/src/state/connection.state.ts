/** What the connection badge says; the outbox and the ask form read it too. */
export type ConnectionState = 'connected' | 'reconnecting' | 'connecting';

/** What the client knows about its link at one instant. */
export type LinkFacts = {
  /** Socket.IO's own view: the transport is open. */
  connected: boolean;
  everConnected: boolean;
  /** The browser fired `offline` and nothing was heard from the server since. */
  offline: boolean;
  /** When the last ping or packet arrived (ms, this device's clock). */
  lastHeardAt: number;
  now: number;
  heartbeatIntervalMs: number;
  graceMs: number;
};

/**
 * Connected only while Socket.IO says so and the link shows life: no `offline` event since the
 * last packet, and the next heartbeat not overdue by more than the grace. Socket.IO alone says
 * connected until interval + timeout (40 s) after the last ping on a network that dropped silently.
 */
export function connectionState(f: LinkFacts): ConnectionState {
  const silent = f.now - f.lastHeardAt > f.heartbeatIntervalMs + f.graceMs;
  if (f.connected && !f.offline && !silent) return 'connected';
  return f.everConnected ? 'reconnecting' : 'connecting';
}
