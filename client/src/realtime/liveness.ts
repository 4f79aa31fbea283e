import { limits } from '@agora/shared';
import type { Socket } from 'socket.io-client';

/**
 * What liveness needs of a socket: its manager's packets and its state. Typed here rather than
 * imported from socket.ts, which starts and stops the watch (no import loop).
 */
type AgoraSocket = Pick<Socket, 'connected' | 'active' | 'io'> & {
  disconnect(): { connect(): unknown };
};

/**
 * Signs of life of one socket, for the connection badge. Socket.IO says "connected" until it has
 * heard nothing for ping interval + ping timeout (40 s): on a venue Wi-Fi that drops silently the
 * badge stayed green that long. This watches what arrives (pings and packets) and the browser's
 * `offline` event; it sends nothing, so it costs the server nothing at 10,000 phones.
 */
export class Liveness {
  lastHeardAt = Date.now();
  offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly unbind: () => void;

  constructor(private readonly socket: AgoraSocket) {
    const heard = () => this.heard();
    const offline = () => {
      this.offline = true;
      this.notify();
    };
    const online = () => {
      this.offline = false;
      this.notify();
      // Back from a tunnel: try now rather than when the backoff (up to 7.5 s) says so.
      if (!socket.connected && socket.active) socket.disconnect().connect();
    };
    socket.io.on('open', heard);
    socket.io.on('ping', heard);
    socket.io.on('packet', heard);
    const win = typeof window !== 'undefined' ? window : null;
    win?.addEventListener('offline', offline);
    win?.addEventListener('online', online);
    this.unbind = () => {
      socket.io.off('open', heard);
      socket.io.off('ping', heard);
      socket.io.off('packet', heard);
      win?.removeEventListener('offline', offline);
      win?.removeEventListener('online', online);
      clearTimeout(this.timer);
    };
    this.arm();
  }

  subscribe(notify: () => void): () => void {
    this.listeners.add(notify);
    return () => this.listeners.delete(notify);
  }

  dispose() {
    this.unbind();
    this.listeners.clear();
  }

  private heard() {
    const wasQuiet = this.offline || this.overdue(Date.now());
    this.lastHeardAt = Date.now();
    this.offline = false;
    if (wasQuiet) this.notify();
    if (this.timer === undefined) this.arm();
  }

  private overdue(now: number): boolean {
    return now - this.lastHeardAt > limits.heartbeatIntervalMs + limits.heartbeatGraceMs;
  }

  // One timer re-armed for what is left, not one per packet: results arrive up to four times a second.
  private arm() {
    const due = this.lastHeardAt + limits.heartbeatIntervalMs + limits.heartbeatGraceMs + 1 - Date.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.overdue(Date.now())) this.notify();
        else this.arm();
      },
      Math.max(0, due),
    );
  }

  private notify() {
    for (const listener of this.listeners) listener();
  }
}

const watched = new WeakMap<AgoraSocket, Liveness>();

/** The one watcher of a socket, made on first use. */
export function livenessOf(socket: AgoraSocket): Liveness {
  let live = watched.get(socket);
  if (!live) {
    live = new Liveness(socket);
    watched.set(socket, live);
  }
  return live;
}

/** Stops watching a socket that is being dropped. */
export function stopWatching(socket: AgoraSocket) {
  watched.get(socket)?.dispose();
  watched.delete(socket);
}
