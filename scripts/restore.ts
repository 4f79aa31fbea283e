/**
 * Restores a backup made by `npm run backup` into DATA_DIR, the server stopped:
 *
 *   npm run restore -- /srv/agora-backups/2026-06-24T12-00            (into an empty DATA_DIR)
 *   npm run restore -- /srv/agora-backups/2026-06-24T12-00 --replace  (moves the current files aside first)
 *
 * The restored folder is opened as the server would open it, migrations included, before this
 * says it is done. Then start the server on that DATA_DIR.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.ts';
import { restoreEmbedded } from '../server/src/store/memory/backup.ts';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { replace: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [arg, ...rest] = positionals;
  if (!arg || rest.length > 0) throw new Error('usage: npm run restore -- <backup folder> [--replace]');
  const config = loadConfig();
  if (config.REDIS_URL)
    throw new Error('REDIS_URL is set: restore Redis from its own files (docs/operations.md)');
  const backupDir = resolve(process.env.INIT_CWD ?? process.cwd(), arg);
  const dataDir = resolve(config.DATA_DIR);
  const { manifest, movedAside } = await restoreEmbedded(backupDir, dataDir, { replace: values.replace });
  process.stdout.write(
    `Restored ${backupDir} (taken ${new Date(manifest.takenAt).toISOString()}, up to operation ${manifest.operation}) into ${dataDir}.\n` +
      (movedAside ? `The files it replaced are in ${movedAside}.\n` : '') +
      (manifest.secret || config.SECRET
        ? 'Start the server on this DATA_DIR.\n'
        : 'WARNING: the backup has no secret and SECRET is not set: set the SECRET the backed-up server used, or no code will work.\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`restore: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
