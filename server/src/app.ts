import { createHmac } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { defaultPublicUrl } from './lan-address.ts';
import { AttendanceRecorder } from './modules/attendance/attendance-recorder.ts';
import { AttendanceReportService } from './modules/attendance/attendance-report.service.ts';
import { attendanceHandlers } from './modules/attendance/attendance.handlers.ts';
import { AttendanceService } from './modules/attendance/attendance.service.ts';
import { BeatLimiter } from './modules/attendance/beat-limiter.ts';
import { MemoryDelayBoard } from './modules/attendance/delay-board.ts';
import { MeasuredDelayService } from './modules/attendance/measured-delay.service.ts';
import { systemClock, type Clock } from './modules/clock.ts';
import { systemScheduler, type Scheduler } from './modules/coalescer.ts';
import { FailOpenCounter, MemoryFailureCounter } from './modules/identity/failure-counter.ts';
import { JoinLimiter, LoginLimiter } from './modules/identity/failure-limiter.ts';
import { IdentityService } from './modules/identity/identity.service.ts';
import { TokenSigner } from './modules/identity/tokens.ts';
import { InteractionsService } from './modules/interactions/interactions.service.ts';
import { InteractionLifecycle } from './modules/interactions/lifecycle.ts';
import { ResultsFanout } from './modules/interactions/results-fanout.ts';
import { liveHandlers } from './modules/live/live.handlers.ts';
import { LiveSessionService } from './modules/live/live-session.service.ts';
import { SessionJoinService } from './modules/live/session-join.service.ts';
import { pollHandlers } from './modules/polls/polls.handlers.ts';
import { PollsService } from './modules/polls/polls.service.ts';
import { PresenceCountsPublisher } from './modules/presence-counts.ts';
import { rooms } from './modules/rooms.ts';
import type { AudienceSize } from './modules/audience-cadence.ts';
import { wordCloudHandlers } from './modules/wordcloud/wordcloud.handlers.ts';
import { WordCloudService } from './modules/wordcloud/wordcloud.service.ts';
import { OrganizerAuthService } from './modules/organizer/organizer-auth.service.ts';
import { PeopleService } from './modules/organizer/people.service.ts';
import { PrivacyService, startPurgeJob } from './modules/organizer/privacy.service.ts';
import { ProgrammeAdminService } from './modules/organizer/programme-admin.service.ts';
import { ReportsService } from './modules/organizer/reports.service.ts';
import { ProgramService } from './modules/program/program.service.ts';
import { QaFanout } from './modules/questions/qa-fanout.ts';
import { questionHandlers } from './modules/questions/questions.handlers.ts';
import { QuestionsService } from './modules/questions/questions.service.ts';
import { BlockedWords } from './modules/wordcloud/blocked-words.ts';
import { createLogger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { RedisFailureCounter } from './cluster/failure-counter.ts';
import { RedisDelayBoard } from './cluster/delay-board.ts';
import { RedisPresenceBoard } from './cluster/presence-board.ts';
import { RedisStore } from './store/redis/redis-store.ts';
import type { Store } from './store/store.ts';
import type { StoreParts } from './modules/store-parts.ts';
import { serveClient } from './transport/http/client-routes.ts';
import { registerHealthRoutes } from './transport/http/health-routes.ts';
import { createHttpServer } from './transport/http/http-server.ts';
import { trackInFlightRequests } from './transport/http/in-flight-requests.ts';
import { registerMetricsRoute } from './transport/http/metrics-route.ts';
import { registerOpenApiRoute } from './transport/http/openapi.ts';
import { registerOrganizerRoutes } from './transport/http/organizer-routes.ts';
import { registerSecurityHeaders, servedOverHttps } from './transport/http/security-headers.ts';
import { authenticator, registerRoutes } from './transport/http/routes.ts';
import { registerAttendanceRoutes } from './transport/http/attendance-routes.ts';
import { registerContentRoutes } from './transport/http/content-routes.ts';
import { DocumentsService } from './modules/documents/documents.service.ts';
import { FileLinks } from './modules/documents/file-links.ts';
import type { FileStore } from './modules/documents/file-store.ts';
import { Pacer } from './modules/documents/pacer.ts';
import { PartnersService } from './modules/documents/partners.service.ts';
import { openFileStore } from './store/files/open-file-store.ts';
import { WatchService } from './modules/watch/watch.service.ts';
import { registerWatchRoutes } from './transport/http/watch-routes.ts';
import { InFlight } from './transport/in-flight.ts';
import { ClusterPresence, SocketPresence } from './transport/socket/presence.ts';
import { redisAdapter } from './transport/socket/redis-adapter.ts';
import {
  createSocketServer,
  flushClients,
  serveCommands,
  socketBroadcaster,
  socketsByRole,
  type AppServer,
} from './transport/socket/socket-server.ts';

export interface AppDeps {
  store: Store;
  /** Server secret: code hashes and token signatures are keyed by keys derived from it. */
  secret: string;
  clock?: Clock;
  /** Timers (result coalescing, remote windows); tests may drive them by hand. */
  scheduler?: Scheduler;
  /** The process's metrics, made before the store so it reports its writes there too. */
  metrics?: Metrics;
  /** The process's logger (main.ts makes it first, for the lines before the app exists). */
  logger?: Logger;
  /** Where uploaded files go; from the configuration (a folder, or S3) when absent. */
  files?: FileStore;
}

export interface App {
  http: FastifyInstance;
  io: AppServer;
  codeKey: Buffer;
  /** Documents and partners (the demo edition fills them through these). */
  content: { documents: DocumentsService; partners: PartnersService };
  /** Sessions' videos (the demo edition sets its test video through it). */
  watch: WatchService;
  publicUrl: (port: number) => string;
  /**
   * What a stopping process owes before it exits: no new connections, running commands and
   * requests finish and answer, what was sent to clients is out, then the store closes (pending
   * writes finish first). The connections are left open for the exit to drop all at once.
   */
  shutdown(): Promise<void>;
}

const deriveKey = (secret: string, purpose: string) => createHmac('sha256', secret).update(purpose).digest();

// Resolved from this file, at the same depth as the bundle (server/dist/main.js) that replaces it.
const defaultClientDist = fileURLToPath(new URL('../../client/dist', import.meta.url));

/**
 * The one composition root, in three layers: infrastructure (HTTP and socket servers, Redis
 * connections, failure counters, presence), then the services in dependency order, then the
 * routes and socket handlers that expose them. Nothing is patched after construction, and nothing
 * listens until the caller does.
 *
 * Packages only some deployments use are loaded when the configuration asks for them, not at every
 * start: ioredis and the Socket.IO Redis adapters (REDIS_URL), the AWS SDK (S3_BUCKET), and pdfkit
 * (on the first certificates issued). Together they were about 0.5 s of a node's 1.3 s of CPU to
 * start, time during which a restarted node's participants wait.
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const { store } = deps;
  const clock = deps.clock ?? systemClock;
  const scheduler = deps.scheduler ?? systemScheduler;
  const metrics = deps.metrics ?? new Metrics();
  const codeKey = deriveKey(deps.secret, 'agora:code');
  const tokenKey = deriveKey(deps.secret, 'agora:token');
  const secureCookies = (request: FastifyRequest) => servedOverHttps(config, request);

  // --- infrastructure ---
  const http = await createHttpServer(config, deps.logger ?? createLogger(config.LOG_LEVEL));
  await registerSecurityHeaders(http, config);
  // Readiness turns 503 at the first moment of a shutdown, before anything else stops. Health
  // routes come before the in-flight tracking, which refuses everything else while draining.
  let draining = false;
  // With Redis, the broadcasts' connections too (`fanOut`, made below; read only once serving).
  registerHealthRoutes(http, {
    store: store.kind,
    probe: () => store.probe(),
    draining: () => draining,
    broadcasts: () => fanOut?.connections ?? {},
  });
  registerMetricsRoute(http, metrics, config.METRICS_TOKEN);
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
  const links = {
    get publicUrl() {
      return publicUrl(listeningPort);
    },
  };

  // Failure counts live where the data lives: in Redis (the store's connection) with several nodes,
  // so an address has one budget whichever node it reaches. A counter that errs or lags fails open.
  const failureWindowMs = config.JOIN_FAILURE_WINDOW_SECONDS * 1000;
  const redisClient = store instanceof RedisStore ? store.client : null;
  const failureCounter = (scope: string) =>
    new FailOpenCounter(
      redisClient
        ? new RedisFailureCounter(redisClient, `${config.REDIS_PREFIX}failures:${scope}:`, failureWindowMs)
        : new MemoryFailureCounter(failureWindowMs, clock),
      http.log,
      { timeoutMs: 250, logEveryMs: 10_000, now: () => clock.now() },
    );

  const io = createSocketServer(http.server, {
    publicUrl: config.PUBLIC_URL,
    allowed: config.ALLOWED_ORIGINS,
  });
  const fanOut = config.REDIS_URL
    ? await redisAdapter(
        {
          url: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
          kind: config.REDIS_ADAPTER,
          clusterNodes:
            config.REDIS_ADAPTER_NODES.length > 0 ? config.REDIS_ADAPTER_NODES : config.REDIS_CLUSTER_NODES,
          boardOnCluster: config.REDIS_CLUSTER_NODES.length > 0,
        },
        (error) => http.log.warn({ err: error }, 'redis adapter'),
      )
    : null;
  if (fanOut) io.adapter(fanOut.adapter);
  const bus = socketBroadcaster(io, fanOut !== null, metrics);
  metrics.watchSockets(() => socketsByRole(io));
  if (redisClient || fanOut) {
    metrics.watchRedis({ ...(redisClient ? { store: redisClient } : {}), ...fanOut?.connections });
  }
  const localPresence = new SocketPresence();
  // With several nodes, each one's counts go to a Redis hash per session and readers sum them.
  const cluster = fanOut
    ? new ClusterPresence(localPresence, new RedisPresenceBoard(fanOut.board, config.REDIS_PREFIX), http.log)
    : null;
  const presence = cluster ?? localPresence;

  // --- services, in dependency order; each is given only the store parts it names ---
  const parts = <K extends keyof StoreParts>(...keys: K[]): Pick<StoreParts, K> =>
    Object.fromEntries(keys.map((key) => [key, store[key]])) as Pick<StoreParts, K>;
  const identity = new IdentityService(
    parts('identity', 'program'),
    codeKey,
    new TokenSigner(tokenKey),
    new JoinLimiter(
      failureCounter('join'),
      { budget: config.JOIN_MAX_FAILURES, warnAt: config.JOIN_FAILURE_WARNING, windowMs: failureWindowMs },
      clock,
      http.log,
    ),
    clock,
  );
  const program = new ProgramService(parts('program', 'watch'), links);
  // With several nodes, a session's phones are paced by its audience on all of them, as with one.
  const audienceSize: AudienceSize = (sessionId) => {
    const here = bus.localSize(rooms.audience(sessionId));
    return cluster ? Math.max(here, cluster.lastTotal(sessionId)) : here;
  };
  const qa = new QaFanout(bus, scheduler, undefined, audienceSize);
  const live = new LiveSessionService({
    store: parts('interactions', 'questions', 'program', 'watch'),
    bus,
    clock,
    qa,
  });
  // The measured delay meets in Redis with several nodes (moderators on one, viewers on another).
  const delayBoard = fanOut ? new RedisDelayBoard(fanOut.board, config.REDIS_PREFIX) : new MemoryDelayBoard();
  const measuredDelay = new MeasuredDelayService({
    store: parts('program', 'attendance'),
    board: delayBoard,
    bus,
    clock,
    scheduler,
    live,
    logger: http.log,
  });
  const questions = new QuestionsService({ store: parts('questions', 'program'), clock, qa, live });
  const results = new ResultsFanout({
    store: store.interactions,
    bus,
    scheduler,
    logger: http.log,
    audienceSize,
  });
  const lifecycle = new InteractionLifecycle({
    store: parts('interactions', 'program'),
    bus,
    clock,
    scheduler,
    results,
    logger: http.log,
  });
  const polls = new PollsService({ store: parts('interactions', 'program'), clock, lifecycle, results });
  const clouds = new WordCloudService({
    store: parts('interactions', 'program'),
    clock,
    lifecycle,
    results,
    blocked: new BlockedWords(BlockedWords.parseList(config.WORDCLOUD_BLOCKLIST)),
  });
  const interactions = new InteractionsService({ store: store.interactions });
  const sessionJoin = new SessionJoinService({
    store: parts('program', 'questions', 'watch'),
    questions,
    interactions,
    clock,
    presence,
    delay: measuredDelay,
  });
  const presenceCounts = new PresenceCountsPublisher(presence, bus, scheduler, http.log);
  const organizerAuth = new OrganizerAuthService(
    parts('organizer'),
    new TokenSigner(tokenKey),
    new LoginLimiter(failureCounter('organizer-login'), config.LOGIN_MAX_FAILURES, http.log),
    clock,
  );
  const programmeAdmin = new ProgrammeAdminService(store, links);
  const people = new PeopleService(store, codeKey, links);
  const reports = new ReportsService(store, presence, clock);
  const privacy = new PrivacyService(store, clock, bus);
  const maxUploadBytes = config.MAX_UPLOAD_MB * 1024 * 1024;
  const files = deps.files ?? (await openFileStore(config));
  const fileLinks = new FileLinks(deriveKey(deps.secret, 'agora:file-link'), config.FILE_LINK_SECONDS * 1000);
  const fileDeps = { files, links: fileLinks, clock, maxUploadBytes, logger: http.log };
  const contentDeps = {
    ...fileDeps,
    store: parts('program', 'identity', 'content'),
    pacer: new Pacer(config.FILES_MAX_MBPS * 1024 * 1024),
    replayFile: (sessionId: string, version: number, now: number) =>
      watch.replayFile(sessionId, version, now),
  };
  const recorder = new AttendanceRecorder({
    store: parts('program', 'attendance'),
    clock,
    scheduler,
    logger: http.log,
  });
  const attendance = new AttendanceService({
    store: parts('program', 'attendance', 'watch'),
    clock,
    recorder,
    limiter: new BeatLimiter(),
    delay: measuredDelay,
  });
  const attendanceReports = new AttendanceReportService({
    store: parts('program', 'identity', 'attendance', 'organizer'),
    clock,
  });
  // The replay's resume points and watched time come from the players' heartbeats.
  const watch = new WatchService({
    ...fileDeps,
    store: parts('program', 'questions', 'interactions', 'watch'),
    resume: attendance,
  });
  const content = {
    documents: new DocumentsService(contentDeps),
    partners: new PartnersService(contentDeps),
    maxUploadBytes,
  };

  // --- routes and socket handlers ---
  registerRoutes(http, { identity, program, secureCookies });
  registerOrganizerRoutes(http, {
    auth: organizerAuth,
    programme: programmeAdmin,
    people,
    reports,
    privacy,
    secureCookies,
    content,
    watch,
    attendance: attendanceReports,
  });
  registerContentRoutes(http, { ...content, authenticate: authenticator(identity) });
  registerWatchRoutes(http, { watch, authenticate: authenticator(identity) });
  registerAttendanceRoutes(http, { reports: attendanceReports, authenticate: authenticator(identity) });
  registerOpenApiRoute(http);
  await serveClient(http, config.CLIENT_DIST ?? defaultClientDist, { sourceMaps: config.SOURCE_MAPS });
  presence.subscribe((sessionId) => presenceCounts.changed(sessionId));
  localPresence.attach(io);
  serveCommands(
    io,
    [
      questionHandlers(questions),
      pollHandlers(polls),
      wordCloudHandlers(clouds),
      liveHandlers(live, sessionJoin),
      attendanceHandlers(attendance, measuredDelay),
    ],
    {
      identity,
      parseCookie: (header: string) => http.parseCookie(header),
      logger: http.log,
      rate: { burst: 40, perSecond: 10 },
      inflight,
      metrics,
    },
  );

  // --- background work ---
  // Remote windows left open by a previous run (restart, crash) close on time.
  await lifecycle.start();
  const stopPurge = startPurgeJob(privacy, http.log);
  recorder.start(localPresence);
  measuredDelay.start();

  return {
    http,
    io,
    codeKey,
    content,
    watch,
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
      stopPurge();
      measuredDelay.stop();
      lifecycle.stop();
      results.stop();
      presenceCounts.stop();
      qa.stop();
      await flushClients(io, 2_000);
      await cluster?.stop().catch((error: unknown) => http.log.warn({ err: error }, 'presence'));
      await recorder.stop().catch((error: unknown) => http.log.warn({ err: error }, 'attendance'));
      await fanOut?.close();
      await store.close();
      // The clients are not let go one by one: a close handshake per websocket (io.close()) took
      // 1.15 s at 10,000 sockets, most of it waiting on the clients' answers. The exit drops them
      // all at once; they reconnect (to another node behind the load balancer) and resync from a
      // snapshot just the same. An ack lost in the drop (a connection reset before it left) is
      // re-sent by the client's outbox with its client id, as after any network cut.
    },
  };
}
