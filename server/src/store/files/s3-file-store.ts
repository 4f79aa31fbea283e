import type { S3Client } from '@aws-sdk/client-s3';
import { PassThrough, Readable } from 'node:stream';
import { AppError } from '@agora/shared';
import {
  checkKey,
  type ByteRange,
  type FileStore,
  type StoredFile,
} from '../../modules/documents/file-store.ts';
import { contentDisposition } from '../../modules/documents/file-names.ts';

export interface S3FileStoreOptions {
  bucket: string;
  /** An S3-compatible server's address (MinIO, Garage, Ceph, Scaleway…); AWS's own when absent. */
  endpoint?: string;
  region: string;
  /** Keys under this prefix (`agora/`), so one bucket can serve several installations. */
  prefix: string;
  /** Path-style addresses (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** From the environment's usual AWS chain when absent (instance role, AWS_* variables). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Parts of a multipart upload: memory per upload in flight is about PART_SIZE × QUEUE_SIZE. */
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * The AWS SDK's three packages, loaded when a bucket is configured: they cost about 250 ms of CPU
 * to load, a fifth of a node's start, which a node on a local folder never needs.
 */
async function loadSdk() {
  const [s3, storage, presigner] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/lib-storage'),
    import('@aws-sdk/s3-request-presigner'),
  ]);
  return { ...s3, Upload: storage.Upload, getSignedUrl: presigner.getSignedUrl };
}
type Sdk = Awaited<ReturnType<typeof loadSdk>>;

/**
 * Files in an S3 bucket, for several nodes without a shared disk. Uploads stream through
 * `@aws-sdk/lib-storage` (one request for a small file, a multipart upload past PART_SIZE, aborted
 * if the stream errs: nothing stays behind); an object exists only once complete.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  /** A store on the bucket, once the SDK is loaded. */
  static async open(options: S3FileStoreOptions): Promise<S3FileStore> {
    return new S3FileStore(options, await loadSdk());
  }

  private constructor(
    private readonly options: S3FileStoreOptions,
    private readonly sdk: Sdk,
  ) {
    this.client = new sdk.S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // Checksums only where S3 requires them: several S3-compatible servers refuse the trailers
      // the SDK adds by default since 2025.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private missing(error: unknown): boolean {
    return (
      error instanceof this.sdk.S3ServiceException &&
      (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404)
    );
  }

  private key(key: string): string {
    return this.options.prefix + checkKey(key);
  }

  async put(key: string, body: Readable, meta: { contentType: string }): Promise<StoredFile> {
    let size = 0;
    const counted = new PassThrough();
    counted.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    body.on('error', (error) => counted.destroy(error));
    body.pipe(counted);
    const upload = new this.sdk.Upload({
      client: this.client,
      params: {
        Bucket: this.options.bucket,
        Key: this.key(key),
        Body: counted,
        ContentType: meta.contentType,
      },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
    return { size, contentType: meta.contentType };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const answer = await this.client.send(
        new this.sdk.GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.key(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(answer.Body instanceof Readable)) throw new Error('S3 answered no stream');
      return answer.Body;
    } catch (error) {
      if (this.missing(error)) throw new AppError('NOT_FOUND', 'file not found');
      throw error;
    }
  }

  async stat(key: string): Promise<StoredFile | null> {
    try {
      const head = await this.client.send(
        new this.sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }),
      );
      return {
        size: head.ContentLength ?? 0,
        contentType: head.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (this.missing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new this.sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }),
    );
  }

  presign(
    key: string,
    options: { expiresInSeconds: number; fileName: string; contentType: string },
  ): Promise<string> {
    return this.sdk.getSignedUrl(
      this.client,
      new this.sdk.GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(key),
        ResponseContentDisposition: contentDisposition(options.fileName, 'attachment'),
        ResponseContentType: options.contentType,
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }

  /** Closes the client's connections (tests, shutdown). */
  close(): void {
    this.client.destroy();
  }
}
