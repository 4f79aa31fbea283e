import { io } from 'socket.io-client';
import {
  commandAck,
  commandMessageBytes,
  limits,
  serverEvents,
  type Ack,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type Role,
} from '@agora/shared';
import { sockets, type AgoraSocket } from './socket-registry.ts';
import { connectionOptions, handshakeRetryDelayMs, transportsAfterTimeout } from './socket-options.ts';

import { navigate, rejoinPath } from '../router.ts';

export type { AgoraSocket };

/** One socket per role: the role picks which token cookie the handshake carries. */
export function getSocket(role: Role): AgoraSocket {
  let socket = sockets.get(role);
  if (!socket) {
    const created = io({ ...connectionOptions, auth: { as: role } });
    socket = created;
    // Socket.IO does not retry a handshake the server refused. Refused for the token (it ended
    // with the edition, or was revoked): the person goes back to the join page and returns here
    // after entering the code. Refused for a passing cause (the store did not answer): tried again.
    let refusedInARow = 0;
    socket.on('connect', () => (refusedInARow = 0));
    socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      if (error.message === 'timeout') created.io.opts.transports = transportsAfterTimeout;
      const to = error.data?.code === 'UNAUTHORIZED' ? rejoinPath(window.location.pathname) : null;
      if (to) navigate(to, { replace: true });
      const retryIn = created.active ? null : handshakeRetryDelayMs(error.data?.code, refusedInARow);
      if (retryIn === null) return;
      refusedInARow += 1;
      setTimeout(() => {
        // Not if the socket was dropped meanwhile (a new join) or is already trying again.
        if (sockets.get(role) === created && !created.active) created.connect();
      }, retryIn);
    });
    sockets.set(role, socket);
  }
  return socket;
}

const COMMAND_TIMEOUT_MS = 10_000;

// socket.io's typed emit cannot follow a generic command name through its overloads; this is the
// one place the types are bridged, and the ack is parsed with the command's schema right after.
type LooseEmitter = {
  timeout(ms: number): {
    emit(event: string, input: unknown, cb: (err: Error | null, res: unknown) => void): void;
  };
};

/**
 * Sends a command and resolves with its parsed ack. Never rejects: offline, a timeout or an
 * answer that does not match the schema come back as an error ack the view can show. A command
 * over the server's message limit is not sent (the server would close the connection without an
 * ack): INVALID_PAYLOAD with `details: { bytes, limit }`.
 */
export function command<N extends CommandName>(
  socket: AgoraSocket,
  name: N,
  input: CommandInput<N>,
): Promise<Ack<CommandOutput<N>>> {
  return new Promise((resolve) => {
    // Checked before being offline: an outbox keeps retrying UNAVAILABLE, and this never goes.
    const bytes = commandMessageBytes(name, input);
    if (bytes > limits.socketMaxMessageBytes) {
      resolve({
        ok: false,
        error: {
          code: 'INVALID_PAYLOAD',
          message: 'too large to send',
          details: { bytes, limit: limits.socketMaxMessageBytes },
        },
      });
      return;
    }
    if (!socket.connected) {
      resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'offline' } });
      return;
    }
    (socket as unknown as LooseEmitter).timeout(COMMAND_TIMEOUT_MS).emit(name, input, (err, res) => {
      if (err) {
        resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'timeout' } });
        return;
      }
      const parsed = commandAck(name).safeParse(res);
      resolve(
        parsed.success
          ? (parsed.data as Ack<CommandOutput<N>>)
          : { ok: false, error: { code: 'INTERNAL', message: 'unexpected answer' } },
      );
    });
  });
}

/** Parses a server event with its shared schema; a payload that does not match is dropped. */
export function parseEvent<N extends keyof typeof serverEvents>(name: N, payload: unknown) {
  const parsed = serverEvents[name].safeParse(payload);
  return parsed.success ? parsed.data : null;
}
