import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStore } from '../../../server/src/modules/documents/file-store.ts';
import { rejects } from './fixtures.ts';

export interface FileStoreFactory {
  open(): Promise<FileStore>;
  cleanup(store: FileStore): Promise<void>;
  /** Whether the backend hands out addresses a browser reads directly (S3 presigned URLs). */
  presigns: boolean;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** `size` bytes in 64 KiB chunks, made as they are read: the test holds no copy of the file. */
function generated(size: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(65_536, size - sent), sent % 251);
      sent += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** An upload whose client goes away after a first chunk. */
function failing(): Readable {
  let step = 0;
  return new Readable({
    read() {
      step += 1;
      if (step === 1) this.push(Buffer.alloc(10_000, 1));
      else this.destroy(new Error('client went away'));
    },
  });
}

const pdf = { contentType: 'application/pdf' };

/** What every file store must do; run against the local folder and a real S3-compatible server. */
export function fileStoreContract(name: string, factory: FileStoreFactory): void {
  describe(`${name} file store contract`, () => {
    let files: FileStore;

    beforeEach(async () => {
      files = await factory.open();
    });
    afterEach(async () => {
      await factory.cleanup(files);
    });

    it('stores a stream and gives it back whole, with its size and type', async () => {
      const stored = await files.put('docs/e1/d1/1', Readable.from([Buffer.from('%PDF-1.7 hello')]), pdf);
      expect(stored).toEqual({ size: 14, contentType: 'application/pdf' });
      expect(await files.stat('docs/e1/d1/1')).toEqual({ size: 14, contentType: 'application/pdf' });
      expect(await text(await files.get('docs/e1/d1/1'))).toBe('%PDF-1.7 hello');
    });

    it('reads a byte range, both ends included', async () => {
      await files.put('r/1', Readable.from([Buffer.from('0123456789')]), pdf);
      expect(await text(await files.get('r/1', { start: 2, end: 5 }))).toBe('2345');
      expect(await text(await files.get('r/1', { start: 9, end: 9 }))).toBe('9');
    });

    it('streams a 12 MB file in and out unchanged (a multipart upload on S3)', async () => {
      const source = generated(12 * 1024 * 1024);
      const stored = await files.put('big/1', source.stream, { contentType: 'video/mp4' });
      expect(stored.size).toBe(12 * 1024 * 1024);
      expect(await sha256Of(await files.get('big/1'))).toEqual({
        sha256: source.sha256(),
        size: 12 * 1024 * 1024,
      });
    });

    it('stores nothing when the upload stream fails half-way', async () => {
      await expect(files.put('broken/1', failing(), pdf)).rejects.toThrow();
      expect(await files.stat('broken/1')).toBeNull();
    });

    it('replaces a file at the same key whole', async () => {
      await files.put('v/1', Readable.from([Buffer.from('first version')]), pdf);
      await files.put('v/1', Readable.from([Buffer.from('second')]), { contentType: 'video/webm' });
      expect(await files.stat('v/1')).toEqual({ size: 6, contentType: 'video/webm' });
      expect(await text(await files.get('v/1'))).toBe('second');
    });

    it('deletes, and a missing file is NOT_FOUND to read, null to stat, and fine to delete again', async () => {
      await files.put('gone/1', Readable.from([Buffer.from('x')]), pdf);
      await files.delete('gone/1');
      expect(await files.stat('gone/1')).toBeNull();
      await rejects(files.get('gone/1'), 'NOT_FOUND');
      await files.delete('gone/1');
      await rejects(files.get('never/1'), 'NOT_FOUND');
    });

    it('takes keys whose segments start with a dash (ids are base64url)', async () => {
      await files.put('docs/-abc/_v1', Readable.from([Buffer.from('x')]), pdf);
      expect(await files.stat('docs/-abc/_v1')).toEqual({ size: 1, contentType: 'application/pdf' });
    });

    it('refuses keys that would leave its folder or prefix', async () => {
      for (const key of ['../x', '/abs', 'a/../b', 'a//b', '', 'a/.hidden']) {
        await expect(files.put(key, Readable.from([Buffer.from('x')]), pdf)).rejects.toThrow(
          /invalid file key/,
        );
      }
    });

    if (factory.presigns) {
      it('hands out a short-lived address that serves ranges and names the file, and refuses it altered', async () => {
        await files.put('p/1', Readable.from([Buffer.from('0123456789')]), pdf);
        const url = await files.presign('p/1', {
          expiresInSeconds: 60,
          // ASCII: s3rver canonicalises query values with encodeURIComponent, which leaves the `*`
          // and `'` of an RFC 5987 `filename*=` unencoded, so it refuses what S3 accepts.
          fileName: 'Programme.pdf',
          contentType: 'application/pdf',
        });
        if (!url) throw new Error('no presigned url');
        const answer = await fetch(url, { headers: { range: 'bytes=0-3' } });
        expect(answer.status).toBe(206);
        expect(await answer.text()).toBe('0123');
        expect(answer.headers.get('content-disposition')).toBe('attachment; filename="Programme.pdf"');
        const altered = url.replace(
          /X-Amz-Signature=([0-9a-f])/,
          (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`,
        );
        expect((await fetch(altered)).status).toBe(403);
      });
    } else {
      it('has no presigned addresses: the app serves the files itself', async () => {
        expect(
          await files.presign('p/1', {
            expiresInSeconds: 60,
            fileName: 'a.pdf',
            contentType: 'application/pdf',
          }),
        ).toBeNull();
      });
    }
  });
}
