import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { loadDemoContent } from './modules/documents/demo/demo-content.ts';
import { loadDemoEdition, type DemoEdition } from './modules/program/demo/demo-edition.ts';
import { loadDemoWatch } from './modules/watch/demo/demo-watch.ts';
import { localAdmin } from './local-admin.ts';
import { systemClock } from './modules/clock.ts';
import { createLogger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { backupEmbedded } from './store/memory/backup.ts';
import { DataDirLockedError } from './data-dir-lock.ts';
import { EmbeddedStore } from './store/memory/embedded-store.ts';
import { ensureRedisDataFormat, REDIS_DATA_FORMAT } from './store/redis/data-format.ts';
import { RedisStore } from './store/redis/redis-store.ts';
import type { Store } from './store/store.ts';

/** SECRET from the environment, else one generated on first start and kept in the data folder. */
function resolveSecret(config: Config, dataDir: string): string {
  if (config.SECRET) return config.SECRET;
  const file = join(dataDir, 'secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

function printDemo(baseUrl: string, demo: DemoEdition): void {
  const edition = `${baseUrl}/e/${demo.slug}`;
  const lines = [
    '',
    `Demo edition: ${edition}`,
    '',
    'Participants (personal codes):',
    ...demo.codes
      .filter((c) => c.role === 'participant')
      .slice(0, 4)
      .map(
        (c) =>
          `  ${c.name.padEnd(18)} ${c.attendance === 'onsite' ? 'on site' : 'remote '}  ${c.code}   ${edition}?code=${c.code}`,
      ),
    '',
    'Moderators:',
    ...demo.codes
      .filter((c) => c.role === 'moderator')
      .map(
        (c) =>
          `  ${c.name.padEnd(18)} ${c.code}   ${edition}/moderate/${demo.plenarySessionId}?code=${c.code}`,
      ),
    '',
    'Projector screens:',
    ...demo.codes
      .filter((c) => c.role === 'projector')
      .map(
        (c) =>
          `  ${(c.room ?? '').padEnd(22)} ${c.code}   ${edition}/projector/${c.sessionId ?? demo.plenarySessionId}?code=${c.code}`,
      ),
    '',
    `All demo codes: ${demo.codes.length} (see demo-codes.json in the data folder)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * The organizer CLI as this process was started: the built bundle beside the built server (`npm
 * start`, the image, which has no TypeScript loader), the sources through npm otherwise.
 */
const createOrganizerCommand = import.meta.url.endsWith('/dist/main.js')
  ? 'node server/dist/create-organizer.js'
  : 'npm run create-organizer --';

/** Where the first organizer account comes from: the same command whichever store, server running. */
function printOrganizerHint(baseUrl: string): void {
  process.stdout.write(
    `Organizer console: ${baseUrl}/organizer\n` +
      `  First account (works while this server runs): ${createOrganizerCommand} --email you@example.org --name "Your Name"\n\n`,
  );
}

async function openEmbedded(dataDir: string, metrics: Metrics, log: Logger): Promise<EmbeddedStore> {
  try {
    return await EmbeddedStore.open({
      dataDir,
      lock: 'server',
      metrics,
      onFatal: (error) => {
        log.fatal({ err: error }, 'the store cannot write to disk: stopping');
        process.exit(1);
      },
      onLockLost: (error) => {
        log.fatal({ err: error }, 'the data folder lock was lost: stopping rather than write beside it');
        process.exit(1);
      },
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new Error(
        `${error.message}\nAnother server on the same DATA_DIR would replace the journal that one appends to. ` +
          `To create an organizer account while the server runs: ${createOrganizerCommand} (see docs/operations.md).`,
      );
    }
    throw error;
  }
}

async function openRedis(
  url: string,
  prefix: string,
  clusterNodes: Config['REDIS_CLUSTER_NODES'],
  log: Logger,
): Promise<Store> {
  const store = await RedisStore.connect({
    url,
    prefix,
    clusterNodes,
    onError: (error) => log.warn({ err: error }, 'redis'),
  });
  const format = await ensureRedisDataFormat(store.client, prefix);
  if (format < REDIS_DATA_FORMAT)
    log.info({ from: format, to: REDIS_DATA_FORMAT }, 'Redis data format upgraded');
  const persistence = await store.persistence();
  if (persistence?.appendonly !== 'yes' || persistence.appendfsync !== 'always') {
    log.warn(
      { persistence },
      'Redis runs without appendonly yes + appendfsync always: an acknowledged submission may be lost ' +
        'if Redis crashes. See docs/operations.md, "Several nodes with Redis".',
    );
  }
  return store;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const metrics = new Metrics();
  const embedded = config.REDIS_URL ? null : await openEmbedded(dataDir, metrics, log);
  const store =
    embedded ??
    (await openRedis(config.REDIS_URL ?? '', config.REDIS_PREFIX, config.REDIS_CLUSTER_NODES, log));
  const app = await buildApp(config, { store, secret: resolveSecret(config, dataDir), metrics, logger: log });
  // Tools on this machine (create-organizer) reach the store through the server that holds it.
  if (embedded) {
    embedded.lock?.serve(
      localAdmin(store, systemClock, { backup: (dir) => backupEmbedded(embedded, dataDir, dir) }),
    );
  }

  let demo: DemoEdition | null = null;
  const demoFile = join(dataDir, 'demo-codes.json');
  if (config.DEMO && (await store.program.isEmpty()) && (await store.program.claimDemo())) {
    demo = await loadDemoEdition(store, app.codeKey, Date.now());
    const plenary = await store.program.getSession(demo.plenarySessionId);
    await loadDemoContent(app.content, { ...demo, speaker: plenary?.speakers[0]?.name ?? null });
    // The live plenary and the ended one with its replay (their ids for scripts and tests).
    const watched = await loadDemoWatch(store, app.watch, demo, Date.now());
    writeFileSync(demoFile, JSON.stringify({ ...demo, ...watched }, null, 2), { mode: 0o600 });
  } else if (config.DEMO) {
    try {
      demo = JSON.parse(readFileSync(demoFile, 'utf8')) as DemoEdition;
    } catch {
      demo = null;
    }
  }

  await app.http.listen({ port: config.PORT, host: config.HOST, backlog: config.LISTEN_BACKLOG });
  const address = app.http.server.address();
  const port = address && typeof address === 'object' ? address.port : config.PORT;
  const url = app.publicUrl(port);
  const local = `http://localhost:${port}`;
  process.stdout.write(`\nAgora Live is running at ${url}  (store: ${store.kind}, data: ${dataDir})\n`);
  if (!config.PUBLIC_URL && url !== local) {
    process.stdout.write(
      `  ${url}  for phones on the same network (projector QR, links below)\n` +
        `  ${local}  on this machine\n` +
        '  For a real event, set PUBLIC_URL to the address participants open (see docs/operations.md).\n',
    );
  } else if (!config.PUBLIC_URL) {
    process.stdout.write(
      '  Only this machine can open it: phones need HOST=0.0.0.0 on a network, or PUBLIC_URL (see docs/operations.md).\n',
    );
  }
  if (demo) printDemo(url, demo);
  printOrganizerHint(url);
  // The machine-readable line for scripts and tests. No code in it, nor in any log line: the demo's
  // codes are in the banner above (for the person at the terminal) and in demo-codes.json.
  // Written whatever LOG_LEVEL says: scripts wait for it.
  process.stdout.write(
    `${JSON.stringify({ time: Date.now(), event: 'ready', url, port, store: store.kind, demo: demo !== null, msg: 'listening' })}\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // On stderr, where a refusal to start (bad configuration, folder in use) is looked for.
  pino(pino.destination(2)).fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
