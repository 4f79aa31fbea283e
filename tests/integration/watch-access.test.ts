import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppErrorBody,
  JoinResponse,
  OrganizerLoginResponse,
  Programme,
  ReplayCatalogue,
  SessionVideoAdmin,
  SessionWatch,
  defaultPolicy,
  replayEndsAt,
  zonedEpoch,
} from '@agora/shared';
import { demoVideo } from '../../server/src/modules/watch/demo/demo-watch.ts';
import { DAY_ONE, EDITION, ORGA, samples, startContentApp, type ContentApp } from '../support/content-app.ts';
import { request, type HttpResult } from '../support/http-client.ts';

let t: ContentApp;
let orga = '';
let alice = '';
let bob = '';
let other = '';
const PLENARY = 'plen-1';
const HOUR = 3_600_000;
const pub = `/api/editions/${EDITION.slug}`;
const video = `/api/organizer/editions/${EDITION.slug}/sessions/${PLENARY}/video`;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const codeOf = (res: HttpResult) => AppErrorBody.parse(res.body).code;

async function join(slug: string, code: string): Promise<string> {
  const res = await request(t.url, `/api/editions/${slug}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return JoinResponse.parse(res.body).token;
}

const watchOf = async (token: string) =>
  SessionWatch.parse(
    (await request(t.url, `${pub}/sessions/${PLENARY}/watch`, { headers: auth(token) })).body,
  );

function uploadReplay(bytes: Buffer, name = 'replay.webm'): Promise<HttpResult> {
  const data = new FormData();
  data.append('file', new Blob([bytes], { type: 'video/webm' }), name);
  return request(t.url, `${video}/file`, { method: 'POST', headers: auth(orga), body: data });
}

beforeAll(async () => {
  t = await startContentApp();
  await t.store.program.putSession({
    id: PLENARY,
    editionId: EDITION.id,
    title: 'Plénière d’ouverture',
    description: '',
    startsAt: DAY_ONE + HOUR,
    endsAt: DAY_ONE + 2 * HOUR,
    room: 'Amphi',
    kind: 'plenary',
    speakers: [{ name: 'Inès Martin' }],
    policy: defaultPolicy('plenary'),
    remoteDelaySeconds: 0,
    streamUrl: 'https://video.example.org/live/ouverture/index.m3u8',
    replayUrl: null,
  });
  const login = await request(t.url, '/api/organizer/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ORGA),
  });
  orga = OrganizerLoginResponse.parse(login.body).token;
  alice = await join(EDITION.slug, t.codes.alice);
  bob = await join(EDITION.slug, t.codes.bob);
  other = await join('autre-edition', t.codes.other);
});

afterAll(async () => {
  await t?.stop();
});

describe('watching a session: who, when, and which addresses', () => {
  it('keeps the stream and replay addresses out of the programme', async () => {
    t.clock.t = DAY_ONE;
    const res = await request(t.url, `${pub}/programme`, { headers: auth(alice) });
    const programme = Programme.parse(res.body);
    const plenary = programme.sessions.find((s) => s.id === PLENARY);
    expect(plenary).toMatchObject({ hasStream: true, hasReplay: false });
    expect(JSON.stringify(res.body)).not.toContain('video.example.org');
  });

  it('gives the stream from before the session to its end, then says the replay is pending', async () => {
    t.clock.t = zonedEpoch(EDITION.startDate, 0, EDITION.timeZone) - 1;
    expect(await watchOf(alice)).toMatchObject({ availability: 'not-yet', live: null, replay: null });
    t.clock.t = DAY_ONE;
    const upcoming = await watchOf(alice);
    expect(upcoming).toMatchObject({
      availability: 'upcoming',
      replay: null,
      replayUntil: EDITION.replayUntil,
    });
    expect(upcoming.live).toEqual({
      kind: 'hls',
      url: 'https://video.example.org/live/ouverture/index.m3u8',
      expiresAt: null,
    });
    t.clock.t = DAY_ONE + HOUR + 60_000;
    expect((await watchOf(alice)).availability).toBe('live');
    t.clock.t = DAY_ONE + 2 * HOUR;
    expect(await watchOf(alice)).toMatchObject({ availability: 'replay-pending', live: null, replay: null });
  });

  it('refuses a registrant of another edition and a revoked code, before any address', async () => {
    t.clock.t = DAY_ONE + HOUR + 60_000;
    for (const path of [
      `${pub}/sessions/${PLENARY}/watch`,
      `${pub}/sessions/${PLENARY}/timeline`,
      `${pub}/replays`,
    ]) {
      const res = await request(t.url, path, { headers: auth(other) });
      expect([res.status, codeOf(res)]).toEqual([403, 'FORBIDDEN']);
      expect(JSON.stringify(res.body)).not.toContain('video.example.org');
    }
    const bobId = (await t.store.organizer.listPrincipals('participant', EDITION.id)).find(
      (p) => p.name === 'Participant 2',
    )!.id;
    expect((await watchOf(bob)).availability).toBe('live');
    await t.store.identity.revokeCodes('participant', bobId);
    const revoked = await request(t.url, `${pub}/sessions/${PLENARY}/watch`, { headers: auth(bob) });
    expect([revoked.status, codeOf(revoked)]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('refuses replay uploads that are not a video, empty or too large, and stores nothing', async () => {
    const before = t.storedFiles();
    const cases: [Buffer, string, number][] = [
      [samples.pdf('pas une vidéo'), 'FILE_TYPE_REFUSED', 415],
      [samples.exe(), 'FILE_TYPE_REFUSED', 415],
      [Buffer.alloc(0), 'FILE_EMPTY', 400],
      [Buffer.concat([demoVideo(), Buffer.alloc(1024 * 1024)]), 'FILE_TOO_LARGE', 413],
    ];
    for (const [bytes, code, status] of cases) {
      const res = await uploadReplay(bytes);
      expect([res.status, codeOf(res)]).toEqual([status, code]);
    }
    expect(t.storedFiles()).toEqual(before);
    const now = SessionVideoAdmin.parse((await request(t.url, video, { headers: auth(orga) })).body);
    expect(now.file).toBeNull();
    const participant = await request(t.url, video, { headers: auth(alice) });
    expect(participant.status).toBe(401);
  });

  it('serves an uploaded replay through a short-lived signed address, with ranges', async () => {
    const uploaded = SessionVideoAdmin.parse((await uploadReplay(demoVideo(), 'Ouverture.webm')).body);
    expect(uploaded.file).toMatchObject({ contentType: 'video/webm', size: demoVideo().length, version: 1 });
    const moved = await request(t.url, video, {
      method: 'PATCH',
      headers: { ...auth(orga), 'content-type': 'application/json' },
      body: JSON.stringify({ videoStartOffsetSeconds: 12 }),
    });
    expect(SessionVideoAdmin.parse(moved.body).videoStartOffsetSeconds).toBe(12);

    t.clock.t = DAY_ONE + 3 * HOUR;
    const watch = await watchOf(alice);
    expect(watch).toMatchObject({ availability: 'replay', live: null, videoStartOffsetSeconds: 12 });
    expect(watch.replay?.kind).toBe('file');
    const url = watch.replay!.url;
    const part = await fetch(`${t.url}${url}`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${demoVideo().length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(demoVideo().subarray(100, 200))).toBe(true);
    const whole = await fetch(`${t.url}${url}`);
    expect([whole.status, whole.headers.get('content-type')]).toEqual([200, 'video/webm']);
    expect(Buffer.from(await whole.arrayBuffer()).length).toBe(demoVideo().length);

    const altered = url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    expect(codeOf(await request(t.url, altered))).toBe('NOT_FOUND');
    expect(codeOf(await request(t.url, url.replace(`/${PLENARY}/`, '/ws-1/')))).toBe('NOT_FOUND');
    expect(codeOf(await request(t.url, url.replace('/replay/', '/document/')))).toBe('NOT_FOUND');
    t.clock.t = watch.replay!.expiresAt!;
    const expired = await request(t.url, url);
    expect([expired.status, codeOf(expired)]).toEqual([403, 'LINK_EXPIRED']);

    // A new file: the old one's addresses stop at once, and it leaves the file store.
    t.clock.t = DAY_ONE + 3 * HOUR;
    const replaced = SessionVideoAdmin.parse((await uploadReplay(demoVideo(), 'Ouverture v2.webm')).body);
    expect(replaced.file?.version).toBeGreaterThan(1);
    expect(codeOf(await request(t.url, url))).toBe('NOT_FOUND');
    expect(t.storedFiles().filter((f) => f.startsWith('replays/'))).toHaveLength(1);
  });

  it('lists the replay in the catalogue during the window; after it, nothing is served', async () => {
    t.clock.t = DAY_ONE + 3 * HOUR;
    const open = ReplayCatalogue.parse(
      (await request(t.url, `${pub}/replays`, { headers: auth(alice) })).body,
    );
    expect(open).toMatchObject({ availability: 'open', replayUntil: EDITION.replayUntil });
    expect(open.entries).toEqual([
      expect.objectContaining({
        sessionId: PLENARY,
        speakers: ['Inès Martin'],
        resumeAtSeconds: null,
        watchedSeconds: 0,
      }),
    ]);
    t.clock.t = replayEndsAt(EDITION) - 60_000;
    const url = (await watchOf(alice)).replay!.url;

    // The window's end ends the participants' access itself; the rules say `no-longer` to anyone left.
    t.clock.t = replayEndsAt(EDITION);
    for (const path of [
      `${pub}/replays`,
      `${pub}/sessions/${PLENARY}/watch`,
      `${pub}/sessions/${PLENARY}/timeline`,
    ]) {
      const res = await request(t.url, path, { headers: auth(alice) });
      expect([res.status, codeOf(res)]).toEqual([401, 'UNAUTHORIZED']);
      expect(JSON.stringify(res.body)).not.toContain('/api/files/');
    }
    // A link issued inside the window stops with it, even before its own expiry.
    const late = await request(t.url, url);
    expect([late.status, codeOf(late)]).toEqual([410, 'NO_LONGER_AVAILABLE']);
  });

  it('removes the replay file: the replay is pending again', async () => {
    t.clock.t = DAY_ONE + 3 * HOUR;
    const removed = await request(t.url, `${video}/file`, { method: 'DELETE', headers: auth(orga) });
    expect(SessionVideoAdmin.parse(removed.body).file).toBeNull();
    expect((await watchOf(alice)).availability).toBe('replay-pending');
    expect(t.storedFiles().filter((f) => f.startsWith('replays/'))).toEqual([]);
  });
});
