import type { ManagerOptions, SocketOptions } from 'socket.io-client';

/**
 * How the web client connects: a websocket first (one connection, the cheapest for the node and
 * the phone), and HTTP long-polling when the websocket fails, as behind a company proxy or a
 * venue's filter that refuses the upgrade. Long-polling requests must reach the node that holds
 * their session: the balancer keeps them there by cookie (deploy/haproxy.cfg).
 */
export const connectionOptions: Partial<ManagerOptions & SocketOptions> = {
  transports: ['websocket', 'polling'],
  // Without it a failed websocket is retried as a websocket, forever.
  tryAllTransports: true,
  // Once on long-polling, probe the websocket again: a network that refused it once may not twice.
  upgrade: true,
  withCredentials: true,
};

/**
 * The transports after an attempt that timed out: a websocket swallowed by a proxy (neither opened
 * nor refused) gives `tryAllTransports` no error to move on from, so the next attempts start on
 * long-polling, which still upgrades when it can.
 */
export const transportsAfterTimeout = ['polling', 'websocket'];

/** Handshake refusals that pass: the store did not answer in time, too many at once, a fault. */
const passingRefusals: ReadonlySet<unknown> = new Set(['UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

/**
 * When to try again a handshake (or a session join) the server refused (null: not at all). Socket.IO retries a
 * connection that failed but never one the server refused, so a phone coming back while the store
 * is slow (a Redis failover, a reconnect storm) stayed disconnected until the person reloaded. The
 * delay is Socket.IO's own backoff (1 s doubling to 5 s, ± half): a hall of phones refused at
 * once comes back spread out.
 */
export function handshakeRetryDelayMs(code: unknown, attempt: number, random = Math.random()): number | null {
  if (!passingRefusals.has(code)) return null;
  const base = Math.min(5_000, 1_000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.5 + random));
}
