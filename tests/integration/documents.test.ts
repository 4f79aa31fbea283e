import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppErrorBody,
  DocumentAdminView,
  EditionContent,
  FileLink,
  ImportReport,
  JoinResponse,
  OrganizerLoginResponse,
  PartnerReport,
  PartnerView,
  replayEndsAt,
  UploadReport,
} from '@agora/shared';
import {
  DAY_ONE,
  EDITION,
  ORGA,
  form,
  samples,
  startContentApp,
  type ContentApp,
} from '../support/content-app.ts';

let t: ContentApp;
let orga = '';
let alice = '';
let bob = '';
let other = '';
const base = `/api/organizer/editions/${EDITION.slug}`;
const pub = `/api/editions/${EDITION.slug}`;

async function call(
  method: string,
  path: string,
  options: {
    token?: string;
    json?: unknown;
    form?: FormData;
    csv?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    body = options.csv;
  } else if (options.form) body = options.form;
  const res = await fetch(`${t.url}${path}`, { method, headers, body });
  const text = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    bytes: text,
    body: type.includes('json') ? (JSON.parse(text.toString()) as unknown) : null,
  };
}

async function ok<T extends z.ZodType>(schema: T, ...args: Parameters<typeof call>): Promise<z.output<T>> {
  const res = await call(...args);
  if (res.status !== 200)
    throw new Error(`${args[0]} ${args[1]} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return schema.parse(res.body);
}

const codeOf = (res: { body: unknown }) => AppErrorBody.parse(res.body).code;

async function join(slug: string, code: string): Promise<string> {
  return (await ok(JoinResponse, 'POST', `/api/editions/${slug}/join`, { json: { code } })).token;
}

async function upload(files: Parameters<typeof form>[0], meta?: unknown) {
  return ok(UploadReport, 'POST', `${base}/documents/upload`, { token: orga, form: form(files, meta) });
}

const linkOf = (id: string, token = alice) => ok(FileLink, 'GET', `${pub}/documents/${id}/link`, { token });

beforeAll(async () => {
  t = await startContentApp();
  orga = (await ok(OrganizerLoginResponse, 'POST', '/api/organizer/login', { json: ORGA })).token;
  alice = await join(EDITION.slug, t.codes.alice);
  bob = await join(EDITION.slug, t.codes.bob);
  other = await join('autre-edition', t.codes.other);
});

afterAll(async () => {
  await t?.stop();
});

describe('uploads are checked from their bytes, per file, and a bad file stores nothing', () => {
  it('stores a PDF and a video attached to a session, and refuses the wrong type, a renamed executable, an empty and a too large file', async () => {
    const before = t.storedFiles();
    const report = await upload(
      [
        { name: 'Synthèse atelier 3.pdf', bytes: samples.pdf() },
        { name: 'captation.mp4', bytes: samples.mp4(), type: 'video/mp4' },
        { name: 'photo.pdf', bytes: samples.png() },
        { name: 'rapport.pdf', bytes: samples.elf() },
        { name: 'installer.pdf', bytes: samples.exe() },
        { name: 'vide.pdf', bytes: Buffer.alloc(0) },
        { name: 'énorme.pdf', bytes: Buffer.concat([samples.pdf(), Buffer.alloc(1024 * 1024, 32)]) },
        { name: 'notes.pdf', bytes: Buffer.from('just some text, not a PDF at all') },
      ],
      { sessionIds: [t.workshopId], speakers: ['Inès Martin'], language: 'fr' },
    );
    const summary = report.results.map((r) => [r.name, r.ok ? r.document.kind : r.error.code]);
    expect(summary).toEqual([
      ['Synthèse atelier 3.pdf', 'pdf'],
      ['captation.mp4', 'video'],
      ['photo.pdf', 'FILE_TYPE_REFUSED'],
      ['rapport.pdf', 'FILE_TYPE_REFUSED'],
      ['installer.pdf', 'FILE_TYPE_REFUSED'],
      ['vide.pdf', 'FILE_EMPTY'],
      ['énorme.pdf', 'FILE_TOO_LARGE'],
      ['notes.pdf', 'FILE_TYPE_REFUSED'],
    ]);
    const [pdf] = report.results;
    expect(pdf?.ok && pdf.document).toMatchObject({
      title: 'Synthèse atelier 3',
      sessionIds: [t.workshopId],
      file: { name: 'Synthèse atelier 3.pdf', contentType: 'application/pdf', version: 1 },
    });
    // Exactly the two good files were added: nothing of the six refused ones, not even half-written.
    expect(t.storedFiles().length - before.length).toBe(2);
  });

  it('refuses attachments to another edition’s session before reading any file', async () => {
    const res = await call('POST', `${base}/documents/upload`, {
      token: orga,
      form: form([{ name: 'a.pdf', bytes: samples.pdf() }], { sessionIds: ['not-ours'] }),
    });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('INVALID_PAYLOAD');
  });

  it('takes 100 files at once', async () => {
    const files = Array.from({ length: 100 }, (_, i) => ({
      name: `lot-${i}.pdf`,
      bytes: samples.pdf(`n${i}`),
    }));
    const report = await upload(files);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.results).toHaveLength(100);
    const { documents } = await ok(
      z.object({ documents: z.array(DocumentAdminView) }),
      'GET',
      `${base}/documents`,
      { token: orga },
    );
    expect(documents.filter((d) => d.title.startsWith('lot-'))).toHaveLength(100);
  });

  it('refuses uploads without an organizer token', async () => {
    const res = await call('POST', `${base}/documents/upload`, {
      token: alice,
      form: form([{ name: 'a.pdf', bytes: samples.pdf() }]),
    });
    expect(res.status).toBe(401);
  });
});

describe('registrants read the documents through short-lived signed addresses', () => {
  let docId = '';

  beforeAll(async () => {
    const report = await upload([{ name: 'Plan du site.pdf', bytes: samples.pdf('plan') }], {
      sessionIds: [t.workshopId],
    });
    const first = report.results[0];
    if (!first?.ok) throw new Error('upload failed');
    docId = first.document.id;
  });

  it('lists the edition’s visible documents and serves a file with its type, name, nosniff and ranges', async () => {
    const content = await ok(EditionContent, 'GET', `${pub}/content`, { token: alice });
    expect(content.documents.map((d) => d.id)).toContain(docId);
    expect(content.availableUntil).toBe(replayEndsAt(EDITION));
    const link = await linkOf(docId);
    const whole = await call('GET', link.url);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(samples.pdf('plan'))).toBe(true);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-disposition')).toBe('inline; filename="Plan du site.pdf"');
    const part = await call('GET', link.url, { headers: { range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.bytes.toString()).toBe('%PDF');
    expect(part.headers.get('content-range')).toBe(`bytes 0-3/${samples.pdf('plan').length}`);
    expect((await call('GET', link.url, { headers: { range: 'bytes=99999-' } })).status).toBe(416);
    const saved = await call(
      'GET',
      (await ok(FileLink, 'GET', `${pub}/documents/${docId}/link?download=1`, { token: alice })).url,
    );
    expect(saved.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('refuses a registrant of another edition, a revoked code and a projector', async () => {
    const res = await call('GET', `${pub}/content`, { token: other });
    expect([res.status, codeOf(res)]).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await call('GET', `${pub}/documents/${docId}/link`, { token: other }))).toBe('FORBIDDEN');
    await t.store.identity.revokeCodes(
      'participant',
      (await t.store.organizer.listPrincipals('participant', EDITION.id)).find(
        (p) => p.name === 'Participant 2',
      )!.id,
    );
    const revoked = await call('GET', `${pub}/documents/${docId}/link`, { token: bob });
    expect([revoked.status, codeOf(revoked)]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('answers a guessed or altered address NOT_FOUND and an expired one LINK_EXPIRED', async () => {
    const link = await linkOf(docId);
    const altered = link.url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    expect(codeOf(await call('GET', altered))).toBe('NOT_FOUND');
    expect(codeOf(await call('GET', link.url.replace(`/${docId}/`, '/AAAAAAAAAAAAAAAA/')))).toBe('NOT_FOUND');
    expect(codeOf(await call('GET', link.url.replace('/1/', '/2/')))).toBe('NOT_FOUND');
    t.clock.t = link.expiresAt;
    const expired = await call('GET', link.url);
    expect([expired.status, codeOf(expired)]).toEqual([403, 'LINK_EXPIRED']);
    t.clock.t += 1000;
    expect((await call('GET', (await linkOf(docId)).url)).status).toBe(200);
  });

  it('replaces a file at the same address: old links stop, new ones serve the new bytes', async () => {
    const old = await linkOf(docId);
    const replaced = await ok(DocumentAdminView, 'PUT', `${base}/documents/${docId}/file`, {
      token: orga,
      form: form([{ name: 'Plan v2.pdf', bytes: samples.pdf('v2') }]),
    });
    expect(replaced).toMatchObject({ id: docId, file: { version: 2, name: 'Plan v2.pdf' } });
    expect(codeOf(await call('GET', old.url))).toBe('NOT_FOUND');
    expect((await call('GET', (await linkOf(docId)).url)).bytes.equals(samples.pdf('v2'))).toBe(true);
    const refused = await call('PUT', `${base}/documents/${docId}/file`, {
      token: orga,
      form: form([{ name: 'x.pdf', bytes: samples.elf() }]),
    });
    expect(codeOf(refused)).toBe('FILE_TYPE_REFUSED');
    expect((await call('GET', (await linkOf(docId)).url)).bytes.equals(samples.pdf('v2'))).toBe(true);
  });

  it('hides a document from participants, then deletes it and its file', async () => {
    const link = await linkOf(docId);
    await ok(DocumentAdminView, 'PATCH', `${base}/documents/${docId}`, {
      token: orga,
      json: { hidden: true },
    });
    expect(
      (await ok(EditionContent, 'GET', `${pub}/content`, { token: alice })).documents.map((d) => d.id),
    ).not.toContain(docId);
    expect(codeOf(await call('GET', link.url))).toBe('NOT_FOUND');
    expect(codeOf(await call('GET', `${pub}/documents/${docId}/link`, { token: alice }))).toBe('NOT_FOUND');
    const files = t.storedFiles().length;
    await call('DELETE', `${base}/documents/${docId}`, { token: orga });
    expect(t.storedFiles().length).toBe(files - 1);
    expect(
      codeOf(await call('PATCH', `${base}/documents/${docId}`, { token: orga, json: { hidden: false } })),
    ).toBe('NOT_FOUND');
  });
});

describe('the content window: the edition’s first day to its replay date', () => {
  it('refuses before the first day, and after the replay date the organizer set, even with a link issued before', async () => {
    const report = await upload([{ name: 'tard.pdf', bytes: samples.pdf('late') }]);
    const doc = report.results[0];
    if (!doc?.ok) throw new Error('upload failed');
    t.clock.t = Date.UTC(2026, 5, 23, 12);
    const early = await call('GET', `${pub}/content`, { token: alice });
    expect([early.status, codeOf(early)]).toEqual([403, 'NOT_YET_AVAILABLE']);

    t.clock.t = Date.UTC(2026, 5, 25, 21, 50);
    const link = await linkOf(doc.document.id);
    orga = (await ok(OrganizerLoginResponse, 'POST', '/api/organizer/login', { json: ORGA })).token;
    await ok(z.unknown(), 'PATCH', `${base}`, { token: orga, json: { replayUntil: '2026-06-25' } });
    t.clock.t = Date.UTC(2026, 5, 25, 22, 0);
    const late = await call('GET', `${pub}/content`, { token: alice });
    expect([late.status, codeOf(late)]).toEqual([410, 'NO_LONGER_AVAILABLE']);
    expect(codeOf(await call('GET', link.url))).toBe('NO_LONGER_AVAILABLE');
    await ok(z.unknown(), 'PATCH', `${base}`, { token: orga, json: { replayUntil: EDITION.replayUntil } });
    expect((await call('GET', link.url)).status).toBe(200);
    t.clock.t = DAY_ONE + 3_600_000;
    orga = (await ok(OrganizerLoginResponse, 'POST', '/api/organizer/login', { json: ORGA })).token;
  });
});

describe('the partners’ village', () => {
  it('imports partners from CSV with errors per row, takes a logo checked from its bytes, and serves it signed', async () => {
    const csv =
      'Nom;Description;Site web;Catégorie;Stand;Ordre\nFondation Horizon;Accès pour tous;https://horizon.example.org;Principal;A1;1\nCoop Lumière;;ftp://x;Exposant;B4;2\n;;;;;\n';
    const report = await ok(ImportReport, 'POST', `${base}/partners/import`, { token: orga, csv });
    expect(report).toMatchObject({ rows: 2, created: 1, errors: [{ line: 3, code: 'INVALID_URL' }] });
    expect(await ok(ImportReport, 'POST', `${base}/partners/import`, { token: orga, csv })).toMatchObject({
      created: 0,
      unchanged: 1,
    });
    const { partners } = await ok(z.object({ partners: z.array(PartnerView) }), 'GET', `${base}/partners`, {
      token: orga,
    });
    const horizon = partners[0]!;
    expect(
      codeOf(
        await call('PUT', `${base}/partners/${horizon.id}/logo`, {
          token: orga,
          form: form([{ name: 'logo.png', bytes: samples.pdf() }]),
        }),
      ),
    ).toBe('FILE_TYPE_REFUSED');
    const withLogo = await ok(PartnerView, 'PUT', `${base}/partners/${horizon.id}/logo`, {
      token: orga,
      form: form([{ name: 'logo.png', bytes: samples.png(), type: 'image/png' }]),
    });
    expect(withLogo.logo).toMatchObject({ contentType: 'image/png', version: 1 });
    const logo = await call('GET', withLogo.logoUrl!);
    expect([logo.status, logo.headers.get('content-type')]).toEqual([200, 'image/png']);
  });

  it('records a contact only with consent, exports it to that partner only, and forgets it when withdrawn', async () => {
    const partner = await ok(PartnerView, 'POST', `${base}/partners`, {
      token: orga,
      json: { name: 'Banque Solidaire', stand: 'C2' },
    });
    const otherPartner = await ok(PartnerView, 'POST', `${base}/partners`, {
      token: orga,
      json: { name: 'Autre' },
    });
    expect(
      codeOf(
        await call('PUT', `${pub}/partners/${partner.id}/contact`, {
          token: alice,
          json: { consent: false },
        }),
      ),
    ).toBe('INVALID_PAYLOAD');
    await ok(z.unknown(), 'PUT', `${pub}/partners/${partner.id}/contact`, {
      token: alice,
      json: { consent: true, message: 'Rappelez-moi' },
    });
    expect((await ok(EditionContent, 'GET', `${pub}/content`, { token: alice })).myContacts).toEqual([
      partner.id,
    ]);
    const csv = await call('GET', `${base}/partners/${partner.id}/contacts?format=csv`, { token: orga });
    expect(csv.bytes.toString()).toMatch(/Participant 1;participant1@example.org;Foule de test;Rappelez-moi/);
    const none = await call('GET', `${base}/partners/${otherPartner.id}/contacts?format=csv`, {
      token: orga,
    });
    expect(none.bytes.toString()).not.toContain('participant1@');
    expect(
      codeOf(
        await call('PUT', `${pub}/partners/${partner.id}/contact`, { token: other, json: { consent: true } }),
      ),
    ).toBe('FORBIDDEN');
    await ok(z.unknown(), 'DELETE', `${pub}/partners/${partner.id}/contact`, { token: alice });
    const after = await ok(
      z.object({ contacts: z.array(z.unknown()) }),
      'GET',
      `${base}/partners/${partner.id}/contacts`,
      { token: orga },
    );
    expect(after.contacts).toEqual([]);
  });

  it('reports per partner its page visits, contacts and documents’ views and downloads: counts, no names', async () => {
    const partner = await ok(PartnerView, 'POST', `${base}/partners`, {
      token: orga,
      json: { name: 'Rapport SA', tier: 'Or' },
    });
    const report = await upload([{ name: 'Plaquette.pdf', bytes: samples.pdf('plaquette') }], {
      partnerIds: [partner.id],
    });
    const doc = report.results[0];
    if (!doc?.ok) throw new Error('upload failed');
    await linkOf(doc.document.id);
    await linkOf(doc.document.id);
    await ok(FileLink, 'GET', `${pub}/documents/${doc.document.id}/link?download=1`, { token: alice });
    await ok(z.unknown(), 'POST', `${pub}/partners/${partner.id}/visit`, { token: alice });
    expect(codeOf(await call('POST', `${pub}/partners/${partner.id}/visit`, { token: other }))).toBe(
      'FORBIDDEN',
    );
    await ok(z.unknown(), 'PUT', `${pub}/partners/${partner.id}/contact`, {
      token: alice,
      json: { consent: true },
    });
    const { partners } = await ok(PartnerReport, 'GET', `${base}/partners/report`, { token: orga });
    expect(partners.find((p) => p.id === partner.id)).toEqual({
      id: partner.id,
      name: 'Rapport SA',
      tier: 'Or',
      visits: 1,
      contacts: 1,
      documents: [{ id: doc.document.id, title: 'Plaquette', views: 2, downloads: 1 }],
    });
    const csv = (await call('GET', `${base}/partners/report?format=csv`, { token: orga })).bytes.toString();
    expect(csv).toContain('Rapport SA;Or;1;1;Plaquette;2;1');
    expect(csv).not.toContain('participant1@');
  });
});
