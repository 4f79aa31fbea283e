/**
 * Creates an organizer account (or sets a new password for an existing email). There is no default
 * account and no default password: this is how the first one is made.
 *
 *   ORGANIZER_PASSWORD='…' npm run create-organizer -- --email x@example.org --name "Camille Martin"
 *   npm run create-organizer -- --email x@example.org --name "Camille Martin" < password.txt
 *
 * Uses the same configuration as the server. With the embedded store (DATA_DIR), a running server
 * holds the data folder: the request goes to it over the folder's lock socket (only the server's
 * user can open it) and the account works at once; with no server running, the script opens the
 * folder itself, holding its lock meanwhile. With REDIS_URL (+ REDIS_PREFIX) it writes to Redis,
 * which every node reads.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../server/src/config.ts';
import { systemClock } from '../server/src/modules/clock.ts';
import { createOrganizerAccount } from '../server/src/modules/organizer/organizer-auth.service.ts';
import { LocalRequest } from '../server/src/local-admin.ts';
import { DataDirLock, DataDirLockedError } from '../server/src/data-dir-lock.ts';
import { EmbeddedStore } from '../server/src/store/memory/embedded-store.ts';
import { ensureRedisDataFormat } from '../server/src/store/redis/data-format.ts';
import { RedisStore } from '../server/src/store/redis/redis-store.ts';

const Args = z.object({
  email: z.email({ message: '--email must be an email address' }),
  name: z.string().trim().min(1, '--name is required').max(120),
});

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter): ');
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

/**
 * Asks the server holding the data folder to create the account; false when no process holds it.
 * A holder that is not a server (another run of a script) is named in the error.
 */
async function throughRunningServer(dir: string, request: LocalRequest): Promise<boolean> {
  const answer = await DataDirLock.request(dir, request).catch((error: unknown) => {
    // A server holds the folder but does not take requests yet: it is still starting.
    if (error instanceof DataDirLockedError && error.holder.kind === 'server') {
      throw new Error(`${error.message}\nIt is still starting: run this again once it prints its address.`);
    }
    throw error;
  });
  if (!answer) return false;
  const { holder, reply } = answer;
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  const account = reply.data as { name: string; email: string };
  process.stdout.write(
    `Organizer account ready: ${account.name} <${account.email}> ` +
      `(created by the running server, pid ${holder.pid}; it can log in now)\n`,
  );
  return true;
}

/** Opens a stopped server's folder; if a server took it in the meantime, goes through that server. */
async function openStopped(dir: string, request: LocalRequest): Promise<EmbeddedStore | null> {
  try {
    return await EmbeddedStore.open({ dataDir: dir, lock: 'create-organizer' });
  } catch (error) {
    if (error instanceof DataDirLockedError && error.holder.serves) {
      if (await throughRunningServer(dir, request)) return null;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const args = Args.safeParse(values);
  if (!args.success) throw new Error(args.error.issues.map((i) => i.message).join('\n'));
  const password = process.env.ORGANIZER_PASSWORD ?? (await readStdin());
  const config = loadConfig();
  if (!config.REDIS_URL) {
    const dir = resolve(config.DATA_DIR);
    mkdirSync(dir, { recursive: true });
    if (await throughRunningServer(dir, { op: 'create-organizer', ...args.data, password })) return;
  }
  const store = config.REDIS_URL
    ? await RedisStore.connect({
        url: config.REDIS_URL,
        prefix: config.REDIS_PREFIX,
        clusterNodes: config.REDIS_CLUSTER_NODES,
        connectTimeoutMs: 10_000,
      })
    : await openStopped(resolve(config.DATA_DIR), { op: 'create-organizer', ...args.data, password });
  if (!store) return;
  try {
    // As a node does at start: a fresh Redis gets its data format recorded (else the first node
    // takes the keys written here for format 1, which it cannot upgrade on Redis Cluster), and an
    // older one is upgraded before keys of this version's layout are written into it.
    if (store instanceof RedisStore) await ensureRedisDataFormat(store.client, config.REDIS_PREFIX);
    const account = await createOrganizerAccount(store, systemClock, { ...args.data, password });
    process.stdout.write(
      `Organizer account ready: ${account.name} <${account.email}> (store: ${store.kind})\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`create-organizer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
