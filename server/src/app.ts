import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { createAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { AppError, httpStatusOf } from '@agora/shared';
import type { Config } from './config.ts';
import { defaultPublicUrl } from './lan-address.ts';
import { systemClock, type Clock } from './modules/clock.ts';
import { systemScheduler, type Scheduler } from './modules/coalescer.ts';
import { FailOpenCounter, MemoryFailureCounter } from './modules/identity/failure-counter.ts';
import { JoinLimiter } from './modules/identity/failure-limiter.ts';
import { IdentityService } from './modules/identity/identity.service.ts';
import { TokenSigner } from './modules/identity/tokens.ts';
import { ProgramService } from './modules/program/program.service.ts';
import { interactionHandlers } from './modules/interactions/interactions.handlers.ts';
import { InteractionsService } from './modules/interactions/interactions.service.ts';
import { questionHandlers } from './modules/questions/questions.handlers.ts';
import { QuestionsService } from './modules/questions/questions.service.ts';
import { BlockedWords } from './modules/wordcloud/blocked-words.ts';
import { attachOrganizerConsole } from './organizer-console.ts';
import { RedisFailureCounter } from './store/redis/failure-counter.ts';
import { RedisPresenceBoard } from './store/redis/presence-board.ts';
import { RedisStore } from './store/redis/redis-store.ts';
import type { Store } from './store/store.ts';
import { registerHealthRoutes } from './transport/http/health-routes.ts';
import { registerRoutes } from './transport/http/routes.ts';
import { trackInFlightRequests } from './transport/http/in-flight-requests.ts';
import { InFlight } from './transport/in-flight.ts';
import { ClusterPresence, SocketPresence } from './transport/socket/presence.ts';
import {
  createSocketServer,
  flushClients,
  serveCommands,
  socketBroadcaster,
  type AppServer,
} from './transport/socket/socket-server.ts';

export interface AppDeps {
  store: Store;
  /** Server secret: code hashes and token signatures are keyed by keys derived from it. */
  secret: string;
  clock?: Clock;
  /** Timers (result coalescing, remote windows); tests may drive them by hand. */
  scheduler?: Scheduler;
}

/**
 * Socket.IO's Redis adapter: broadcasts from any node reach the clients of every node, through
 * Redis pub/sub or (`streams`) a Redis stream, which the streams adapter reads with connections of
 * its own.
 */
function redisAdapter(
  url: string,
  prefix: string,
  kind: Config['REDIS_ADAPTER'],
  log: (error: Error) => void,
) {
  const pub = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'agora-pub' });
  pub.on('error', log);
  if (kind === 'streams') {
    return {
      pub,
      adapter: createStreamsAdapter(pub, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        onlyPlaintext: true,
      }),
      close: async () => {
        await pub.quit().catch(() => undefined);
      },
    };
  }
  // The subscriber connection cannot run other commands, hence two clients of their own.
  const sub = pub.duplicate({ connectionName: 'agora-sub' });
  sub.on('error', log);
  return {
    /** Also runs the presence board's commands (the adapter only publishes on it). */
    pub,
    adapter: createAdapter(pub, sub, { key: `${prefix}socket.io` }),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

export interface App {
  http: FastifyInstance;
  io: AppServer;
  codeKey: Buffer;
  publicUrl: (port: number) => string;
  /**
   * What a stopping process owes before it exits: no new connections, running commands and
   * requests finish and answer, what was sent to clients is out, then the store closes (pending
   * writes finish first). The connections are left open for the exit to drop all at once.
   */
  shutdown(): Promise<void>;
}

const deriveKey = (secret: string, purpose: string) => createHmac('sha256', secret).update(purpose).digest();

/**
 * TRUST_PROXY as Fastify takes it. A hop count becomes a function: Fastify 5.12 turns a number into
 * "trust nothing" (it cannot check who the peer is), which would make every client behind nginx
 * one address. With `hop < n`, the address n proxies back is the client's: the one the first
 * proxy saw and appended; entries further left are the client's own writing and never used.
 */
function trustProxyOption(
  value: Config['TRUST_PROXY'],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return value === 0 ? false : (_address, hop) => hop < value;
}

const defaultClientDist = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** The composition root: no side effect until the caller listens. */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const clock = deps.clock ?? systemClock;
  const codeKey = deriveKey(deps.secret, 'agora:code');
  const http = Fastify({
    logger: { level: config.LOG_LEVEL },
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    bodyLimit: 256 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  });
  await http.register(fastifyCookie);
  // Readiness turns 503 at the first moment of a shutdown, before anything else stops.
  let draining = false;
  registerHealthRoutes(http, {
    store: deps.store.kind,
    probe: () => deps.store.probe(),
    draining: () => draining,
  });
  const inflight = new InFlight();
  trackInFlightRequests(http, inflight);

  // Without PUBLIC_URL, the machine's LAN address: the projector's QR must open on a phone in the room.
  const interfaces = networkInterfaces();
  const publicUrl = (port: number) =>
    config.PUBLIC_URL ?? defaultPublicUrl({ host: config.HOST, port, interfaces });
  let listeningPort = config.PORT;
  http.addHook('onListen', async () => {
    const address = http.server.address();
    if (address && typeof address === 'object') listeningPort = address.port;
  });

  // Failure counts live where the data lives: in Redis (the store's connection) with several nodes,
  // so an address has one budget whichever node it reaches. A counter that errs or lags fails open.
  const failureWindowMs = config.JOIN_FAILURE_WINDOW_SECONDS * 1000;
  const redisClient = deps.store instanceof RedisStore ? deps.store.client : null;
  const failureCounter = (scope: string) =>
    new FailOpenCounter(
      redisClient
        ? new RedisFailureCounter(redisClient, `${config.REDIS_PREFIX}failures:${scope}:`, failureWindowMs)
        : new MemoryFailureCounter(failureWindowMs, clock),
      http.log,
      { timeoutMs: 250, logEveryMs: 10_000, now: () => clock.now() },
    );
  const identity = new IdentityService(
    deps.store,
    codeKey,
    new TokenSigner(deriveKey(deps.secret, 'agora:token')),
    new JoinLimiter(
      failureCounter('join'),
      { budget: config.JOIN_MAX_FAILURES, warnAt: config.JOIN_FAILURE_WARNING, windowMs: failureWindowMs },
      clock,
      http.log,
    ),
    clock,
  );
  const program = new ProgramService(deps.store, {
    get publicUrl() {
      return publicUrl(listeningPort);
    },
  });

  http.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header('Retry-After', String(retry));
      return reply.status(httpStatusOf[error.code]).send(error.toBody());
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ code: 'INVALID_PAYLOAD', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' });
  });

  registerRoutes(http, {
    identity,
    program,
    secureCookies: (config.PUBLIC_URL ?? '').startsWith('https://'),
  });
  const organizerConsole = attachOrganizerConsole(http, {
    config,
    store: deps.store,
    clock,
    codeKey,
    tokenKey: deriveKey(deps.secret, 'agora:token'),
    loginFailures: failureCounter('organizer-login'),
    links: {
      get publicUrl() {
        return publicUrl(listeningPort);
      },
    },
    secureCookies: (config.PUBLIC_URL ?? '').startsWith('https://'),
  });

  const clientDist = config.CLIENT_DIST ?? defaultClientDist;
  // Registered even before the client is built, so a later `npm run build` is served without a restart.
  await http.register(fastifyStatic, { root: clientDist, wildcard: true });
  http.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Pages of the single-page app fall back to index.html; missing files (with an extension) and API calls are 404s.
    const isPage =
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !path.startsWith('/socket.io') &&
      !/\.[a-z0-9]+$/i.test(path);
    if (isPage && existsSync(`${clientDist}/index.html`)) return reply.sendFile('index.html');
    if (isPage) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web client is not built yet: run `npm run build` (npm start does it).');
    }
    return reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${path}` });
  });

  const socketOptions = {
    identity,
    parseCookie: (header: string) => http.parseCookie(header),
    logger: http.log,
    rate: { burst: 40, perSecond: 10 },
    inflight,
  };
  const io = createSocketServer(http.server, socketOptions);
  const fanOut = config.REDIS_URL
    ? redisAdapter(config.REDIS_URL, config.REDIS_PREFIX, config.REDIS_ADAPTER, (error) =>
        http.log.warn({ err: error }, 'redis adapter'),
      )
    : null;
  if (fanOut) io.adapter(fanOut.adapter);
  const bus = socketBroadcaster(io, fanOut !== null);
  const scheduler = deps.scheduler ?? systemScheduler;
  const questions = new QuestionsService(deps.store, bus, clock, scheduler);
  const localPresence = new SocketPresence();
  // With several nodes, each one's counts go to a Redis hash per session and readers sum them.
  const cluster = fanOut
    ? new ClusterPresence(localPresence, new RedisPresenceBoard(fanOut.pub, config.REDIS_PREFIX), http.log)
    : null;
  const presence = cluster ?? localPresence;
  const interactions = new InteractionsService({
    store: deps.store,
    bus,
    clock,
    scheduler,
    presence,
    blocked: new BlockedWords(BlockedWords.parseList(config.WORDCLOUD_BLOCKLIST)),
    publishQuestionChange: (change, force) => questions.publishChange(change, force),
    logger: http.log,
  });
  presence.subscribe((sessionId) => interactions.presenceChanged(sessionId));
  localPresence.attach(io);
  organizerConsole.connectRealtime({ presence, bus });
  serveCommands(io, [questionHandlers(questions), interactionHandlers(interactions)], socketOptions);
  // Remote windows left open by a previous run (restart, crash) close on time.
  await interactions.start();

  return {
    http,
    io,
    codeKey,
    publicUrl: () => publicUrl(listeningPort),
    async shutdown() {
      draining = true;
      // Time for a load balancer polling /readyz to see the 503 and send new clients elsewhere,
      // while this node still serves everyone (0 by default: nginx moves on at a refused connection).
      if (config.SHUTDOWN_DELAY_SECONDS > 0) {
        await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_SECONDS * 1000));
      }
      http.server.close();
      await inflight.drain(10_000);
      organizerConsole.stop();
      interactions.stop();
      questions.stop();
      await flushClients(io, 2_000);
      await cluster?.stop().catch((error: unknown) => http.log.warn({ err: error }, 'presence'));
      await fanOut?.close();
      await deps.store.close();
      // The clients are not let go one by one: a close handshake per websocket (io.close()) took
      // 1.15 s at 10,000 sockets, most of it waiting on the clients' answers. The exit drops them
      // all at once; they reconnect (to another node behind the load balancer) and resync from a
      // snapshot just the same. An ack lost in the drop (a connection reset before it left) is
      // re-sent by the client's outbox with its client id, as after any network cut.
    },
  };
}
