import { useEffect, useRef, useSyncExternalStore } from 'react';
import { limits, type ServerEventPayload, type ServerEventName } from '@agora/shared';
import { connectionState, type ConnectionState } from '../state/connection.state.ts';
import { livenessOf } from './liveness.ts';
import { parseEvent, type AgoraSocket } from './socket.ts';

type LooseOn = {
  on(event: string, listener: (payload: unknown) => void): void;
  off(event: string, listener: (payload: unknown) => void): void;
};

/** Subscribes to a server event for the component's lifetime; payloads are parsed with the shared schema. */
export function useServerEvent<N extends ServerEventName>(
  socket: AgoraSocket | null,
  name: N,
  handler: (payload: ServerEventPayload<N>) => void,
) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    const listener = (payload: unknown) => {
      const parsed = parseEvent(name, payload);
      if (parsed) latest.current(parsed as ServerEventPayload<N>);
    };
    const s = socket as unknown as LooseOn;
    s.on(name, listener);
    return () => s.off(name, listener);
  }, [socket, name]);
}

const everConnected = new WeakSet<AgoraSocket>();

export type { ConnectionState };

/**
 * Whether the socket is up, for the connection indicator and the ask form: Socket.IO's view,
 * corrected by the browser's `offline` event and overdue heartbeats (see Liveness).
 */
export function useConnectionState(socket: AgoraSocket | null): ConnectionState {
  return useSyncExternalStore(
    (notify) => {
      if (!socket) return () => {};
      const live = livenessOf(socket);
      socket.on('connect', notify);
      socket.on('disconnect', notify);
      socket.io.on('reconnect_attempt', notify);
      const stop = live.subscribe(notify);
      return () => {
        socket.off('connect', notify);
        socket.off('disconnect', notify);
        socket.io.off('reconnect_attempt', notify);
        stop();
      };
    },
    () => {
      if (!socket) return 'connecting';
      if (socket.connected) everConnected.add(socket);
      const live = livenessOf(socket);
      return connectionState({
        connected: socket.connected,
        everConnected: everConnected.has(socket),
        offline: live.offline,
        lastHeardAt: live.lastHeardAt,
        now: Date.now(),
        heartbeatIntervalMs: limits.heartbeatIntervalMs,
        graceMs: limits.heartbeatGraceMs,
      });
    },
  );
}

/** Runs `onConnect` now if connected and again after every (re)connection: where snapshots are fetched. */
export function useOnConnect(socket: AgoraSocket | null, onConnect: () => void) {
  const latest = useRef(onConnect);
  useEffect(() => {
    latest.current = onConnect;
  });
  useEffect(() => {
    if (!socket) return;
    const run = () => latest.current();
    socket.on('connect', run);
    if (socket.connected) run();
    return () => {
      socket.off('connect', run);
    };
  }, [socket]);
}
