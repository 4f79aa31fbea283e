import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomS3Prefix, startS3, type S3Server } from '../../../../tests/support/s3-server.ts';
import { fileStoreContract } from '../../../../tests/support/store-contract/file-store.contract.ts';
import { LocalFileStore } from './local-file-store.ts';
import { S3FileStore } from './s3-file-store.ts';

let dir = '';
fileStoreContract('local', {
  presigns: false,
  async open() {
    dir = mkdtempSync(join(tmpdir(), 'agora-files-'));
    return new LocalFileStore(dir);
  },
  async cleanup() {
    // Nothing half-written is left in the folder's incoming area, whatever the test did.
    if (existsSync(join(dir, '.incoming'))) expect(readdirSync(join(dir, '.incoming'))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  },
});

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.stop();
});

fileStoreContract('s3', {
  presigns: true,
  async open() {
    return S3FileStore.open({
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      prefix: randomS3Prefix(),
      forcePathStyle: true,
      credentials: s3.credentials,
    });
  },
  async cleanup(files) {
    (files as S3FileStore).close();
  },
});

it('keeps files of two prefixes in one bucket apart', async () => {
  const options = {
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3.credentials,
  };
  const a = await S3FileStore.open({ ...options, prefix: randomS3Prefix() });
  const b = await S3FileStore.open({ ...options, prefix: randomS3Prefix() });
  const { Readable } = await import('node:stream');
  await a.put('k/1', Readable.from([Buffer.from('a')]), { contentType: 'application/pdf' });
  expect(await b.stat('k/1')).toBeNull();
  a.close();
  b.close();
});
