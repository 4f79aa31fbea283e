import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppErrorBody,
  DocumentAdminView,
  FileLink,
  JoinResponse,
  OrganizerLoginResponse,
  UploadReport,
} from '@agora/shared';
import { S3FileStore } from '../../server/src/store/files/s3-file-store.ts';
import { EDITION, ORGA, form, samples, startContentApp, type ContentApp } from '../support/content-app.ts';
import { randomS3Prefix, startS3, type S3Server } from '../support/s3-server.ts';

/** The same application with its files in a real S3-compatible server (s3rver) instead of a folder. */
describe('documents stored in S3', () => {
  let s3: S3Server;
  let t: ContentApp;
  let files: S3FileStore;
  const prefix = randomS3Prefix();
  let orga = '';
  let alice = '';

  const call = async (path: string, init: RequestInit & { token: string }) => {
    const res = await fetch(`${t.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.token}`, ...(init.headers as Record<string, string>) },
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const json = (body: unknown) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  /** The objects s3rver holds under this test's prefix. */
  const objects = () => {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('._S3rver_object')) out.push(path);
      }
    };
    walk(join(s3.dir, s3.bucket, prefix));
    return out;
  };

  beforeAll(async () => {
    s3 = await startS3();
    files = await S3FileStore.open({
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      prefix,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    t = await startContentApp({}, files);
    orga = OrganizerLoginResponse.parse(
      (await (await fetch(`${t.url}/api/organizer/login`, { ...json(ORGA) })).json()) as unknown,
    ).token;
    alice = JoinResponse.parse(
      (await (
        await fetch(`${t.url}/api/editions/${EDITION.slug}/join`, { ...json({ code: t.codes.alice }) })
      ).json()) as unknown,
    ).token;
  });

  afterAll(async () => {
    await t?.stop();
    files?.close();
    await s3?.stop();
  });

  it('stores good files in the bucket and nothing of the refused ones, then serves ranges and replaces at the same address', async () => {
    const res = await call(`/api/organizer/editions/${EDITION.slug}/documents/upload`, {
      method: 'POST',
      token: orga,
      body: form([
        { name: 'ok.pdf', bytes: samples.pdf('s3') },
        { name: 'exe.pdf', bytes: samples.exe() },
        { name: 'big.pdf', bytes: Buffer.concat([samples.pdf(), Buffer.alloc(1024 * 1024, 32)]) },
        { name: 'empty.pdf', bytes: Buffer.alloc(0) },
      ]),
    });
    const report = UploadReport.parse(res.body);
    expect(report.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'FILE_TYPE_REFUSED',
      'FILE_TOO_LARGE',
      'FILE_EMPTY',
    ]);
    expect(objects()).toHaveLength(1);
    const doc = report.results[0];
    if (!doc?.ok) throw new Error('upload failed');

    const link = FileLink.parse(
      (await call(`/api/editions/${EDITION.slug}/documents/${doc.document.id}/link`, { token: alice })).body,
    );
    const part = await fetch(`${t.url}${link.url}`, { headers: { range: 'bytes=1-3' } });
    expect([part.status, await part.text(), part.headers.get('content-range')]).toEqual([
      206,
      'PDF',
      `bytes 1-3/${samples.pdf('s3').length}`,
    ]);

    const replaced = await fetch(
      `${t.url}/api/organizer/editions/${EDITION.slug}/documents/${doc.document.id}/file`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${orga}` },
        body: form([{ name: 'v2.pdf', bytes: samples.pdf('second') }]),
      },
    );
    expect(DocumentAdminView.parse(await replaced.json()).file?.version).toBe(2);
    expect(objects()).toHaveLength(1);
    const old = await fetch(`${t.url}${link.url}`);
    expect(AppErrorBody.parse(await old.json()).code).toBe('NOT_FOUND');
  });
});
