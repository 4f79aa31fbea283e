import { join } from 'node:path';
import type { Config } from '../../config.ts';
import type { FileStore } from '../../modules/documents/file-store.ts';
import { LocalFileStore } from './local-file-store.ts';
import { S3FileStore } from './s3-file-store.ts';

/** The file store the configuration names: an S3 bucket when S3_BUCKET is set, a folder otherwise. */
export async function openFileStore(config: Config): Promise<FileStore> {
  if (!config.S3_BUCKET) return new LocalFileStore(config.FILES_DIR ?? join(config.DATA_DIR, 'files'));
  const credentials =
    config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
      : undefined;
  return S3FileStore.open({
    bucket: config.S3_BUCKET,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    prefix: config.S3_PREFIX,
    forcePathStyle: config.S3_FORCE_PATH_STYLE ?? config.S3_ENDPOINT !== undefined,
    credentials,
  });
}
