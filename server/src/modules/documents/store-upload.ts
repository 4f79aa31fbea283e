import type { Readable } from 'node:stream';
import type { AcceptedType, UploadPurpose } from './documents.rules.ts';
import type { FileRef } from './documents.store.ts';
import { cleanFileName } from './file-names.ts';
import type { FileStore } from './file-store.ts';
import { checkUpload } from './upload-check.ts';

/** One file of a multipart form, as the transport hands it over. */
export interface UploadPart {
  /** The name the browser sent (cleaned before it is stored or shown). */
  filename: string;
  file: Readable;
}

/**
 * Checks a file as it streams (type from its bytes, size limit) and stores it under `key`.
 * Refused or failed, it stores nothing and reads what is left of the part, so the form's next
 * file can follow.
 */
export async function storeUpload(
  deps: { files: FileStore; maxUploadBytes: number },
  part: UploadPart,
  purpose: UploadPurpose,
  key: string,
  version: number,
): Promise<{ file: FileRef; kind: AcceptedType['kind'] }> {
  const checked = checkUpload(part.file, purpose, deps.maxUploadBytes);
  try {
    const type = await checked.type;
    const name = cleanFileName(part.filename, type.ext);
    const stored = await deps.files.put(key, checked.stream, { contentType: type.mime });
    return { file: { key, name, contentType: type.mime, size: stored.size, version }, kind: type.kind };
  } catch (error) {
    checked.drain();
    throw error;
  }
}

/** Removes a stored file; a failure is logged, never thrown (the file is left orphaned, the change stands). */
export async function discardFile(
  deps: { files: FileStore; logger: { warn(details: object, message: string): void } },
  key: string,
): Promise<void> {
  await deps.files.delete(key).catch((error: unknown) => {
    deps.logger.warn({ err: error, key }, 'a file could not be removed; it is left orphaned');
  });
}
