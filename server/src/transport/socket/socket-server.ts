import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import {
  AppError,
  limits,
  SocketAuth,
  tokenCookieName,
  type ClientToServerEvents,
  type ServerEventName,
  type ServerEventPayload,
  type ServerToClientEvents,
} from '@agora/shared';
import type { Broadcaster, LocalPublish } from '../../modules/broadcaster.ts';
import type { HandlerTable } from '../../modules/handlers.ts';
import type { IdentityService } from '../../modules/identity/identity.service.ts';
import { rooms } from '../../modules/rooms.ts';
import type { CommandMetrics } from '../../observability/metrics.ts';
import type { InFlight } from '../in-flight.ts';
import { allowRequestFor, type OriginPolicy } from './origin-check.ts';
import { commandDispatcher, TokenBucket, type AppSocket, type SocketData } from './define-handler.ts';

/** Between nodes (Redis adapter): a change another node should send to its own sockets. */
interface InterServerEvents {
  'agora:changed': (key: string, now: boolean) => void;
  'agora:shared': (topic: string, data: unknown) => void;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

interface Logger {
  error(obj: unknown, msg: string): void;
  debug(obj: unknown, msg: string): void;
  level: string;
}

export interface SocketOptions {
  identity: IdentityService;
  parseCookie: (header: string) => Record<string, string | undefined>;
  logger: Logger;
  /** commands per socket: burst and sustained rate */
  rate: { burst: number; perSecond: number };
  inflight: InFlight;
  metrics?: CommandMetrics;
}

/**
 * Attaches Socket.IO to the HTTP server, serving nothing yet: `serveCommands` adds the
 * authentication and the command tables once the services exist. Browser pages of other origins
 * are refused at the handshake (`origin-check.ts`).
 */
export function createSocketServer(http: HttpServer, origins: OriginPolicy): AppServer {
  return new Server(http, {
    serveClient: false,
    allowRequest: allowRequestFor(origins),
    maxHttpBufferSize: limits.socketMaxMessageBytes,
    // Not lowered to make a silent drop visible sooner: the client's watchdog does that with no
    // traffic (limits.heartbeatGraceMs). At 10,000 sockets a node sends 500 pings and reads 500
    // pongs a second at 20 s; at 5 s it would be 4,000 frames a second, and a phone's radio would
    // never go idle between pings.
    pingInterval: limits.heartbeatIntervalMs,
    pingTimeout: limits.heartbeatTimeoutMs,
  });
}

/**
 * Connections authenticate once, at the handshake: the token (handshake auth, else the role's
 * cookie) names the principal every command of the socket runs as. Then each socket joins its
 * participant room and its commands are served by the handler tables.
 */
export function serveCommands(io: AppServer, tables: HandlerTable[], options: SocketOptions): void {
  io.use(async (socket, next) => {
    try {
      const auth = SocketAuth.safeParse(socket.handshake.auth ?? {});
      if (!auth.success) throw new AppError('INVALID_PAYLOAD', 'invalid handshake auth');
      const role = auth.data.as ?? 'participant';
      const cookies = options.parseCookie(socket.handshake.headers.cookie ?? '');
      const token = auth.data.token ?? cookies[tokenCookieName(role)];
      socket.data.principal = await options.identity.authenticate(token, auth.data.token ? undefined : role);
      next();
    } catch (error) {
      const body =
        error instanceof AppError ? error.toBody() : { code: 'INTERNAL' as const, message: 'internal error' };
      if (!(error instanceof AppError))
        options.logger.error({ err: error, socketId: socket.id }, 'socket authentication failed');
      next(Object.assign(new Error(body.message), { data: body }));
    }
  });

  const serve = commandDispatcher(tables, options.logger, options.inflight, options.metrics);
  const debug = options.logger.level === 'debug' || options.logger.level === 'trace';
  io.on('connection', (socket: AppSocket) => {
    const { principal } = socket.data;
    if (debug) {
      // The role only: the principal's id is enough to follow a person across lines.
      options.logger.debug({ socketId: socket.id, role: principal.role }, 'socket connected');
      socket.once('disconnect', (reason) =>
        options.logger.debug({ socketId: socket.id, reason }, 'socket disconnected'),
      );
    }
    if (principal.role === 'participant') void socket.join(rooms.participant(principal.id));
    serve(socket, new TokenBucket(options.rate.burst, options.rate.perSecond, Date.now));
  });
}

/**
 * Publishes through Socket.IO rooms (and, with an adapter, to every node); `clustered`: other
 * nodes share the rooms through the Redis adapter, and signals go to them (server-side emits).
 */
export function socketBroadcaster(
  io: AppServer,
  clustered: boolean,
  metrics?: { published(event: string): void },
): Broadcaster {
  const emitTo = (
    target: ReturnType<AppServer['to']>,
    except: string | undefined,
    event: ServerEventName,
    payload: unknown,
  ) => {
    metrics?.published(event);
    const scoped = except === undefined ? target : target.except(except);
    // Socket.IO's emit typing cannot follow a generic event name; the payload type is checked by the callers.
    (scoped.emit as (e: string, p: unknown) => boolean)(event, payload);
  };
  return {
    publish<N extends ServerEventName>(
      room: string,
      event: N,
      payload: ServerEventPayload<N>,
      except?: string,
    ) {
      emitTo(io.to(room), except, event, payload);
    },
    publishLocal<N extends ServerEventName>(
      room: string,
      event: N,
      payload: ServerEventPayload<N>,
      options: LocalPublish = {},
    ) {
      emitTo((options.volatile ? io.local.volatile : io.local).to(room), options.except, event, payload);
    },
    localSize: (room) => io.of('/').adapter.rooms.get(room)?.size ?? 0,
    signal(key, now) {
      if (clustered) io.serverSideEmit('agora:changed', key, now);
    },
    onSignal(handler) {
      io.on('agora:changed', handler);
    },
    share(topic, data) {
      if (clustered) io.serverSideEmit('agora:shared', topic, data);
    },
    onShared(topic, handler) {
      io.on('agora:shared', (shared, data) => {
        if (shared === topic) handler(data);
      });
    },
  };
}

/** The sockets open on this node, by their principal's role (read when `/metrics` is scraped). */
export function socketsByRole(io: AppServer): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const socket of io.of('/').sockets.values()) {
    const role = socket.data.principal?.role ?? 'unauthenticated';
    counts[role] = (counts[role] ?? 0) + 1;
  }
  return counts;
}

/**
 * Resolves once every client has been sent what was queued for it (the acks of the commands just
 * drained among it), or after `timeoutMs` for clients that stopped reading. A websocket transport
 * is writable again only once its last frame is with the kernel, which delivers it even after the
 * process exits.
 */
export async function flushClients(io: AppServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waiting = [...io.of('/').sockets.values()];
  for (;;) {
    // Once seen flushed, a socket is done: what it is sent later (UNAVAILABLE refusals) is not owed.
    waiting = waiting.filter(
      (socket) => socket.conn.readyState === 'open' && !socket.conn.transport.writable,
    );
    if (waiting.length === 0 || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
