/**
 * An online backup of the embedded store into a new folder, while the server runs:
 *
 *   npm run backup -- /srv/agora-backups/2026-06-24T12-00
 *
 * The running server (reached over the data folder's lock socket, as create-organizer does) writes
 * a snapshot of one instant, the generated secret if there is one, and a manifest; acknowledged
 * writes go on meanwhile. With no server running, this script opens the folder itself. With
 * REDIS_URL, back up Redis with its own files instead (docs/operations.md, « Backups »).
 * Restore with `npm run restore -- <folder>`.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../server/src/config.ts';
import type { LocalRequest } from '../server/src/local-admin.ts';
import { backupEmbedded } from '../server/src/store/memory/backup.ts';
import { DataDirLock, DataDirLockedError } from '../server/src/data-dir-lock.ts';
import { EmbeddedStore } from '../server/src/store/memory/embedded-store.ts';

async function main(): Promise<void> {
  const [arg, ...rest] = process.argv.slice(2);
  if (!arg || rest.length > 0) throw new Error('usage: npm run backup -- <new backup folder>');
  // npm runs scripts from the repository's root; the folder is meant from where the command was typed.
  const target = resolve(process.env.INIT_CWD ?? process.cwd(), arg);
  const config = loadConfig();
  if (config.REDIS_URL) {
    throw new Error('REDIS_URL is set: back up Redis itself (its RDB or AOF files), see docs/operations.md');
  }
  const dataDir = resolve(config.DATA_DIR);
  const request: LocalRequest = { op: 'backup', dir: target };
  const answer = await DataDirLock.request(dataDir, request).catch((error: unknown) => {
    if (error instanceof DataDirLockedError && error.holder.kind === 'server') {
      throw new Error(`${error.message}\nIt is still starting: run this again once it prints its address.`);
    }
    throw error;
  });
  let summary: unknown;
  if (answer) {
    if (!answer.reply.ok) throw new Error(`${answer.reply.error.code}: ${answer.reply.error.message}`);
    summary = answer.reply.data;
  } else {
    // No server: the folder is still; this process holds its lock while it copies.
    const store = await EmbeddedStore.open({ dataDir, lock: 'backup' });
    try {
      summary = await backupEmbedded(store, dataDir, target);
    } finally {
      await store.close();
    }
  }
  const { operation, secret } = summary as { operation: number; secret: boolean };
  process.stdout.write(
    `Backup written to ${target} (up to operation ${operation}${answer ? `, by the running server pid ${answer.holder.pid}` : ''}).\n` +
      (secret
        ? 'It holds the generated secret: keep the folder as private as the data folder.\n'
        : 'The secret comes from SECRET in the environment: keep it with the backup, or the codes mailed will not work.\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`backup: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
