/**
 * Creates an organizer account (or sets a new password for an existing email). There is no default
 * account and no default password: this is how the first one is made.
 *
 *   ORGANIZER_PASSWORD='…' node --import tsx scripts/create-organizer.ts --email x@example.org --name "Camille Martin"
 *   node --import tsx scripts/create-organizer.ts --email x@example.org --name "Camille Martin" < password.txt
 *
 * Uses the same configuration as the server: DATA_DIR for the embedded store (run it while the
 * server is stopped: the embedded store belongs to one process), or REDIS_URL (+ REDIS_PREFIX) for
 * the Redis store (the servers may keep running).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../server/src/config.ts';
import { systemClock } from '../server/src/modules/clock.ts';
import { createOrganizerAccount } from '../server/src/modules/organizer/organizer-auth.service.ts';
import { EmbeddedStore } from '../server/src/store/memory/embedded-store.ts';
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const args = Args.safeParse(values);
  if (!args.success) throw new Error(args.error.issues.map((i) => i.message).join('\n'));
  const password = process.env.ORGANIZER_PASSWORD ?? (await readStdin());
  const config = loadConfig();
  const store = config.REDIS_URL
    ? await RedisStore.connect({
        url: config.REDIS_URL,
        prefix: config.REDIS_PREFIX,
        maxRetriesPerRequest: 2,
      })
    : await (async () => {
        const dir = resolve(config.DATA_DIR);
        mkdirSync(dir, { recursive: true });
        return EmbeddedStore.open({ dataDir: dir });
      })();
  try {
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
