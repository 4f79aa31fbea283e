import { open, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` so that a crash leaves either the old file or the whole new one: a
 * temporary file, synced, renamed over, and the folder synced for the rename.
 */
export async function writeDurably(file: string, text: string, mode = 0o666): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, text, { mode });
  const fh = await open(tmp, 'r+');
  await fh.datasync();
  await fh.close();
  await rename(tmp, file);
  const dir = await open(dirname(file), 'r');
  await dir.sync();
  await dir.close();
}
