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
