import type { Readable } from 'node:stream';

/** What a stored file is known by, besides its bytes. */
export interface StoredFile {
  size: number;
  contentType: string;
}

/** A byte range, both ends included (as HTTP writes them). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded files live: a local folder (embedded mode, or a volume every node mounts) or an
 * S3 bucket. Bytes only ever travel as streams: a 20 MB PDF read by 200 people at once is 200
 * streams of a few chunks each, never 200 copies in memory.
 */
export interface FileStore {
  /** A short name for health and logs (`local`, `s3`). */
  readonly kind: string;
  /**
   * Stores the stream under `key`, replacing nothing that was there until it is whole: the file
   * appears complete, and only once it is durable, or not at all (a stream that errs stores
   * nothing). Resolves with its size.
   */
  put(key: string, body: Readable, meta: { contentType: string }): Promise<StoredFile>;
  /** The file's bytes (those of `range` only, when given); NOT_FOUND when there is no such file. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Size and type, or null when there is no such file. */
  stat(key: string): Promise<StoredFile | null>;
  /** Removes the file; removing a missing file is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A short-lived address a browser can read the file at directly, where the backend has one (S3
   * presigned URLs); null for a local folder, whose files the app serves itself.
   */
  presign(
    key: string,
    options: { expiresInSeconds: number; fileName: string; contentType: string },
  ): Promise<string | null>;
}

/** Keys are paths of plain segments: no `..`, no absolute path, nothing a folder or bucket would read twice. */
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

export function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 512) throw new Error(`invalid file key: ${key}`);
  return key;
}
