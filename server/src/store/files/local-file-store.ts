import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@agora/shared';
import {
  checkKey,
  type ByteRange,
  type FileStore,
  type StoredFile,
} from '../../modules/documents/file-store.ts';

const TMP = '.incoming';

async function syncPath(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Files in a folder: the embedded mode's data folder, or a volume every node mounts (NFS, a shared
 * disk). A file is written beside the others under a temporary name, synced, then renamed into
 * place, so a reader (another node too) sees it whole or not at all; its type sits in a `.meta`
 * file next to it, renamed in before it.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local';

  constructor(private readonly root: string) {}

  private path(key: string): string {
    return join(this.root, checkKey(key));
  }

  async put(key: string, body: Readable, meta: { contentType: string }): Promise<StoredFile> {
    const target = this.path(key);
    const tmpDir = join(this.root, TMP);
    await mkdir(tmpDir, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const tmp = join(tmpDir, randomBytes(12).toString('hex'));
    try {
      await pipeline(body, createWriteStream(tmp, { flags: 'wx' }));
      await syncPath(tmp, 'r+');
      await writeFile(`${tmp}.meta`, JSON.stringify({ contentType: meta.contentType }));
      await syncPath(`${tmp}.meta`, 'r+');
      await rename(`${tmp}.meta`, `${target}.meta`);
      await rename(tmp, target);
      await syncPath(dirname(target), 'r');
    } catch (error) {
      await rm(tmp, { force: true });
      await rm(`${tmp}.meta`, { force: true });
      throw error;
    }
    const { size } = await stat(target);
    return { size, contentType: meta.contentType };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    // Opened first: a missing file is a refusal here, not an error event on a stream already sent.
    const handle = await open(this.path(key), 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new AppError('NOT_FOUND', 'file not found') : error;
    });
    return handle.createReadStream(range ?? {});
  }

  async stat(key: string): Promise<StoredFile | null> {
    const path = this.path(key);
    try {
      const { size } = await stat(path);
      const meta = JSON.parse(await readFile(`${path}.meta`, 'utf8')) as { contentType?: string };
      return { size, contentType: meta.contentType ?? 'application/octet-stream' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.path(key);
    await rm(path, { force: true });
    await rm(`${path}.meta`, { force: true });
  }

  async presign(): Promise<string | null> {
    return null;
  }
}
