import type { ClientToServerEvents, Role, ServerToClientEvents } from '@agora/shared';
import type { Socket } from 'socket.io-client';
import { stopWatching } from './liveness.ts';

export type AgoraSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The open sockets, one per role, kept apart from socket.ts so the join page can drop one after a
 * new join without loading the Socket.IO client (only the views that connect load it).
 */
export const sockets = new Map<Role, AgoraSocket>();

/** Drops a role's socket, e.g. after a new join changed which token its cookie holds. */
export function resetSocket(role: Role) {
  const socket = sockets.get(role);
  if (socket) stopWatching(socket);
  socket?.disconnect();
  sockets.delete(role);
}
