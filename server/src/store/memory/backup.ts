import { chmod, copyFile, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '@agora/shared';
import { DataDirLock } from '../../data-dir-lock.ts';
import { EmbeddedStore } from './embedded-store.ts';
import { writeDurably } from './durable-file.ts';
import { DATA_FORMAT } from './data-format.ts';

/** What a backup folder holds besides the state: when and what it was taken of. */
export const BackupManifest = z.object({
  kind: z.literal('agora-embedded-backup'),
  format: z.number().int().min(1),
  takenAt: z.number().int(),
  /** The journal operation number the snapshot covers. */
  operation: z.number().int().min(0),
  /** Whether the generated secret (DATA_DIR/secret) is in the folder; without it, SECRET must be set. */
  secret: z.boolean(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

const SNAPSHOT = 'snapshot.json';
const SECRET = 'secret';
const MANIFEST = 'backup.json';

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The secret signs every token and keys every code's hash: readable by its owner only. */
async function copySecret(from: string, to: string): Promise<void> {
  await copyFile(from, to);
  await chmod(to, 0o600);
}

/**
 * An online backup of a running embedded store into `target` (absolute, empty or missing): a
 * snapshot of one instant, taken while the server goes on writing (`Journal.copySnapshot`), the
 * generated secret if the data folder has one (without it every personal code mailed would be
 * refused after a restore), and a manifest. Mode 0700: the folder holds personal data and the secret.
 */
export async function backupEmbedded(
  store: EmbeddedStore,
  dataDir: string,
  target: string,
): Promise<BackupManifest & { dir: string }> {
  if (!isAbsolute(target))
    throw new AppError('INVALID_PAYLOAD', 'the backup folder must be an absolute path');
  if (!(await isEmptyOrMissing(target))) {
    throw new AppError('CONFLICT', `the backup folder ${target} is not empty: give a new one per backup`);
  }
  await mkdir(target, { recursive: true, mode: 0o700 });
  const operation = await store.copySnapshot(join(target, SNAPSHOT));
  const secret = await exists(join(dataDir, SECRET));
  if (secret) await copySecret(join(dataDir, SECRET), join(target, SECRET));
  const manifest: BackupManifest = {
    kind: 'agora-embedded-backup',
    format: DATA_FORMAT,
    takenAt: Date.now(),
    operation,
    secret,
  };
  await writeDurably(join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...manifest, dir: target };
}

/** Reads a backup folder's manifest; refuses a folder that is not one. */
export async function readBackup(dir: string): Promise<BackupManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
  } catch {
    throw new Error(`${dir} is not a backup folder (no readable ${MANIFEST})`);
  }
  const manifest = BackupManifest.safeParse(raw);
  if (!manifest.success) throw new Error(`${dir}/${MANIFEST} is not a backup manifest`);
  if (!(await exists(join(dir, SNAPSHOT)))) throw new Error(`${dir} has no ${SNAPSHOT}`);
  return manifest.data;
}

/**
 * Restores a backup into `dataDir`, the server stopped (the folder's lock is taken: a running
 * server refuses it). A folder that holds data already is refused, or with `replace` its files are
 * first moved aside into `before-restore-<time>/`. The restored folder is then opened as the
 * server would (migrations included) to prove it loads.
 */
export async function restoreEmbedded(
  backupDir: string,
  dataDir: string,
  options: { replace: boolean },
): Promise<{ manifest: BackupManifest; movedAside: string | null }> {
  const manifest = await readBackup(backupDir);
  await mkdir(dataDir, { recursive: true });
  const lock = await DataDirLock.acquire(dataDir, 'restore');
  try {
    const present = (await readdir(dataDir)).filter(
      (f) => f === SNAPSHOT || f === SECRET || /^journal-\d+\.jsonl$/.test(f),
    );
    let movedAside: string | null = null;
    if (present.length > 0) {
      if (!options.replace) {
        throw new Error(
          `${dataDir} already holds data (${present.join(', ')}): restore into a fresh folder, or pass --replace to move it aside`,
        );
      }
      movedAside = join(dataDir, `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      await mkdir(movedAside, { mode: 0o700 });
      for (const file of present) await rename(join(dataDir, file), join(movedAside, file));
    }
    await copyFile(join(backupDir, SNAPSHOT), join(dataDir, SNAPSHOT));
    if (manifest.secret) await copySecret(join(backupDir, SECRET), join(dataDir, SECRET));
    const store = await EmbeddedStore.open({ dataDir, lock: false });
    await store.close();
    return { manifest, movedAside };
  } finally {
    lock.release();
  }
}
