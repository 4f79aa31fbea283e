import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CreatedWithCode,
  EditionReport,
  Erased,
  GoLiveResult,
  ImportReport,
  IssuedCode,
  IssuedCodes,
  ModeratorView,
  Organizer,
  OrganizerEdition,
  Overview,
  RegistrantData,
  RegistrantView,
  Revoked,
  Session,
  SessionReport,
} from '@agora/shared';
import { clientId } from '../support/actors.ts';
import { ORGANIZER, createOrganizerCli, loginOrganizer, organizerApi } from '../support/organizer.ts';
import {
  closeAllSockets,
  connect,
  errorOf,
  joinWithCode,
  nextEvent,
  ok,
  postJoin,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
let api: ReturnType<typeof organizerApi>;
const SLUG = 'assises-2026';
const base = `/api/organizer/editions/${SLUG}`;

beforeAll(async () => {
  const first = await startServer();
  await first.stop();
  const out = await createOrganizerCli(first.dataDir);
  expect(out).toContain('orga@example.org');
  server = await startServer({ dataDir: first.dataDir });
  api = organizerApi(server.url, (await loginOrganizer(server.url)).token);
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

describe('organizer accounts', () => {
  it('logs in with the email in any case and sets an httpOnly organizer cookie', async () => {
    const login = await loginOrganizer(server.url, 'ORGA@example.org');
    expect(login.organizer).toMatchObject({ email: 'orga@example.org', name: ORGANIZER.name });
    expect(login.setCookie).toHaveLength(1);
    expect(login.setCookie[0]).toMatch(/^agora_organizer=.+HttpOnly/i);
    const cookie = login.setCookie[0]!.split(';')[0]!;
    const me = await request(server.url, '/api/organizer/me', { headers: { cookie } });
    expect(Organizer.parse(me.body).email).toBe('orga@example.org');
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    for (const [email, password] of [
      [ORGANIZER.email, 'not the password at all'],
      ['nobody@example.org', ORGANIZER.password],
    ]) {
      const res = await request(server.url, '/api/organizer/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(errorOf(res)).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'wrong email or password',
      });
    }
  });

  it('refuses a login body with unknown keys', async () => {
    const res = await request(server.url, '/api/organizer/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ORGANIZER.email, password: ORGANIZER.password, admin: true }),
    });
    expect(errorOf(res)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
  });
});

describe('programme', () => {
  it('creates an edition with a replay window of 9 months by default, and refuses a taken slug', async () => {
    const edition = await api.ok(OrganizerEdition, 'POST', '/api/organizer/editions', {
      slug: SLUG,
      name: '15es Assises',
      startDate: '2026-06-24',
      endDate: '2026-06-25',
      venue: 'Nantes et en ligne',
      timeZone: 'Europe/Paris',
      rehearsal: true,
    });
    expect(edition).toMatchObject({ replayUntil: '2027-03-25', rehearsal: true, purgedAt: null });
    expect(edition.joinUrl).toMatch(new RegExp(`/e/${SLUG}$`));
    const again = await api.call('POST', '/api/organizer/editions', {
      slug: SLUG,
      name: 'x',
      startDate: '2026-06-24',
      endDate: '2026-06-25',
    });
    expect(errorOf(again)).toMatchObject({ status: 409, code: 'CONFLICT' });
    const list = await api.ok(
      z.object({ editions: z.array(OrganizerEdition) }),
      'GET',
      '/api/organizer/editions',
    );
    expect(list.editions.map((e) => e.slug)).toContain(SLUG);
  });

  it('edits an edition', async () => {
    const edited = await api.ok(OrganizerEdition, 'PATCH', base, { venue: 'Cité des congrès, Nantes' });
    expect(edited.venue).toBe('Cité des congrès, Nantes');
    expect(edited.name).toBe('15es Assises');
  });

  it('refuses a replay date before the edition’s last day, which would erase its registrants at once', async () => {
    // The retention job erases an edition's people once its replay date is over: a typo such as
    // 2025 for 2027 used to be stored, and the next start of the server purged a running edition.
    const early = await api.call('POST', '/api/organizer/editions', {
      slug: 'faute-de-frappe',
      name: 'x',
      startDate: '2026-06-24',
      endDate: '2026-06-25',
      replayUntil: '2025-06-25',
    });
    expect(errorOf(early)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
    expect(errorOf(await api.call('PATCH', base, { replayUntil: '2026-06-24' }))).toMatchObject({
      status: 400,
      code: 'INVALID_PAYLOAD',
    });
    expect(errorOf(await api.call('PATCH', base, { endDate: '2027-04-01' }))).toMatchObject({
      status: 400,
      code: 'INVALID_PAYLOAD',
    });
    const same = await api.ok(OrganizerEdition, 'PATCH', base, { replayUntil: '2026-06-25' });
    expect(same).toMatchObject({ replayUntil: '2026-06-25', purgedAt: null });
    await api.ok(OrganizerEdition, 'PATCH', base, { replayUntil: '2027-03-25' });
  });

  it('creates a session whose policy defaults from its kind, then edits it', async () => {
    const created = await api.ok(Session, 'POST', `${base}/sessions`, {
      title: 'Atelier créé à la main',
      startsAt: Date.UTC(2026, 5, 24, 12),
      endsAt: Date.UTC(2026, 5, 24, 13),
      room: 'Salle 2',
      kind: 'workshop',
    });
    expect(created.policy).toEqual({ ask: 'onsite', upvote: 'onsite', vote: 'onsite' });
    const edited = await api.ok(Session, 'PATCH', `${base}/sessions/${created.id}`, {
      streamUrl: 'https://video.example.org/live/atelier',
      remoteDelaySeconds: 30,
    });
    expect(edited).toMatchObject({
      streamUrl: 'https://video.example.org/live/atelier',
      remoteDelaySeconds: 30,
    });
    const bad = await api.call('PATCH', `${base}/sessions/${created.id}`, {
      streamUrl: 'javascript:alert(1)',
    });
    expect(errorOf(bad)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
  });

  it('imports a CSV programme in French, reporting bad rows, and a second import changes nothing', async () => {
    const csv = [
      'Date;Début;Fin;Titre;Salle;Type;Intervenants;Description;Lien direct',
      '24/06/2026;09:30;10:30;Ouverture;Grand amphi;Plénière;Camille Martin (présidente) | Karim Benali;Accueil;https://video.example.org/live',
      '2026-06-24;10h45;12h00;Atelier A;Salle 1;atelier;;;',
      '2026-06-24;25:00;26:00;Heure impossible;Salle 1;atelier;;;',
      '2026-06-24;14:00;15:00;Type inconnu;Salle 1;conférence;;;',
      '2026-06-24;14:00;15:00;;Salle 1;atelier;;;',
      '2026-06-24;15:00;14:00;À l’envers;Salle 1;atelier;;;',
      '2026-06-24;16:00;17:00;Lien faux;Grand amphi;plénière;;;pas-une-url',
    ].join('\r\n');
    const report = await api.ok(ImportReport, 'POST', `${base}/programme/import`, csv, 'text/csv');
    expect(report).toMatchObject({ rows: 7, created: 2, updated: 0, unchanged: 0 });
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'INVALID_TIME'],
      [5, 'INVALID_KIND'],
      [6, 'MISSING_FIELD'],
      [7, 'INVALID_TIME'],
      [8, 'INVALID_URL'],
    ]);
    const again = await api.ok(ImportReport, 'POST', `${base}/programme/import`, csv, 'text/csv');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const { sessions } = await api.ok(z.object({ sessions: z.array(Session) }), 'GET', `${base}/sessions`);
    const opening = sessions.find((s) => s.title === 'Ouverture')!;
    // 09:30 in Paris in June is 07:30 UTC.
    expect(opening.startsAt).toBe(Date.UTC(2026, 5, 24, 7, 30));
    expect(opening.speakers).toEqual([
      { name: 'Camille Martin', role: 'présidente' },
      { name: 'Karim Benali' },
    ]);
    expect(opening.policy.ask).toBe('everyone');
    expect(sessions.find((s) => s.title === 'Atelier A')!.policy.ask).toBe('onsite');
  });

  it('imports a JSON programme, updating a session matched by start and title', async () => {
    const report = await api.ok(ImportReport, 'POST', `${base}/programme/import`, {
      sessions: [
        { date: '2026-06-24', start: '09:30', end: '10:45', title: 'Ouverture', room: 'Grand amphi' },
        {
          date: '2026-06-25',
          start: '09:00',
          end: '10:00',
          title: 'Clôture',
          kind: 'plenary',
          room: 'Grand amphi',
        },
        { date: 'demain', start: '09:00', end: '10:00', title: 'Sans date' },
        'pas un objet',
      ],
    });
    expect(report).toMatchObject({ rows: 4, created: 1, updated: 1 });
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'INVALID_DATE'],
      [4, 'MALFORMED_ROW'],
    ]);
  });

  it('refuses a programme file without its required columns, naming them', async () => {
    const res = await api.csv(`${base}/programme/import`, 'Titre;Salle\nOuverture;Amphi\n');
    expect(errorOf(res)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
    expect((res.body as { details: { missing: string[] } }).details.missing).toEqual([
      'date',
      'start',
      'end',
    ]);
  });
});

const REGISTRANTS = [
  'Nom;Courriel;Structure;Présence',
  'Léa Moreau;lea.moreau@example.org;ANMECS;présentiel',
  '"Diallo; Aïcha";AICHA.DIALLO@example.org;"Association ""Le Lien""";à distance',
  'Hugo Roux;hugo.roux@example.org;;Distanciel',
  'Sans Courriel;;GEPSo;présentiel',
  'Mauvais Courriel;pas-un-courriel;GEPSo;présentiel',
  'Mode Inconnu;mode@example.org;GEPSo;hybride',
  'Léa Encore;Lea.Moreau@example.org;ANMECS;distanciel',
  ';;;',
  'Sans Mode;sans.mode@example.org;CNAEMO;',
].join('\r\n');

describe('registrants and personal codes', () => {
  let issued: z.infer<typeof IssuedCode>[];

  it('imports a French registration list with a BOM, reporting every bad row with its line', async () => {
    const report = await api.ok(
      ImportReport,
      'POST',
      `${base}/registrants/import`,
      `\uFEFF${REGISTRANTS}`,
      'text/csv',
    );
    expect(report).toMatchObject({ rows: 8, created: 3, updated: 0, unchanged: 0 });
    expect(report.errors.map((e) => [e.line, e.code, e.field])).toEqual([
      [5, 'MISSING_FIELD', 'email'],
      [6, 'INVALID_EMAIL', 'email'],
      [7, 'INVALID_MODE', 'mode'],
      [8, 'DUPLICATE_IN_FILE', 'email'],
      [10, 'MISSING_FIELD', 'mode'],
    ]);
    const { registrants } = await api.ok(
      z.object({ registrants: z.array(RegistrantView) }),
      'GET',
      `${base}/registrants`,
    );
    expect(registrants.map((r) => [r.name, r.email, r.organisation, r.attendance, r.hasCode])).toEqual([
      ['Léa Moreau', 'lea.moreau@example.org', 'ANMECS', 'onsite', false],
      ['Diallo; Aïcha', 'aicha.diallo@example.org', 'Association "Le Lien"', 'remote', false],
      ['Hugo Roux', 'hugo.roux@example.org', '', 'remote', false],
    ]);
  });

  it('imports the same people again from a comma-separated English file without duplicates, updating what changed', async () => {
    const csv = [
      'name,email,organisation,attendance',
      'Léa Moreau,LEA.MOREAU@EXAMPLE.ORG,ANMECS,onsite',
      'Aïcha Diallo,aicha.diallo@example.org,"Association ""Le Lien""",remote',
      'Hugo Roux,hugo.roux@example.org,,remote',
    ].join('\n');
    const report = await api.ok(ImportReport, 'POST', `${base}/registrants/import`, csv, 'text/csv');
    expect(report).toMatchObject({ rows: 3, created: 0, updated: 1, unchanged: 2, errors: [] });
    const { registrants } = await api.ok(
      z.object({ registrants: z.array(RegistrantView) }),
      'GET',
      `${base}/registrants`,
    );
    expect(registrants).toHaveLength(3);
    expect(registrants[1]!.name).toBe('Aïcha Diallo');
  });

  it('refuses a registration list without an email column', async () => {
    const res = await api.csv(`${base}/registrants/import`, 'nom;mode\nLéa;présentiel\n');
    expect(errorOf(res)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
    expect((res.body as { details: { missing: string[] } }).details.missing).toEqual(['email']);
  });

  it('issues codes to everyone without one, once: a second call issues none', async () => {
    issued = (await api.ok(IssuedCodes, 'POST', `${base}/registrants/codes`, {})).codes;
    expect(issued).toHaveLength(3);
    for (const c of issued) {
      expect(c.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(c.link).toBe(`${server.url.replace('127.0.0.1', 'localhost')}/e/${SLUG}?code=${c.code}`);
    }
    const again = await api.ok(IssuedCodes, 'POST', `${base}/registrants/codes`, {});
    expect(again.codes).toEqual([]);
    const joined = await joinWithCode(server.url, SLUG, issued[0]!.code);
    expect(joined.me).toMatchObject({ role: 'participant', name: 'Léa Moreau', attendance: 'onsite' });
  });

  it('exports the codes of chosen registrants as a mail-merge CSV (BOM, `;`), revoking their old codes', async () => {
    const hugo = issued.find((c) => c.name === 'Hugo Roux')!;
    const res = await api.text(`${base}/registrants/codes?format=csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registrantIds: [hugo.id] }),
    });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    expect(res.text.startsWith('\uFEFFnom;email;code;lien\r\n')).toBe(true);
    const [line] = res.text.slice(1).trim().split('\r\n').slice(1);
    const [name, email, code, link] = line!.split(';');
    expect([name, email]).toEqual(['Hugo Roux', 'hugo.roux@example.org']);
    expect(link).toMatch(new RegExp(`/e/${SLUG}\\?code=${code}$`));
    expect(errorOf(await postJoin(server.url, SLUG, { code: hugo.code })).code).toBe('INVALID_CODE');
    expect((await joinWithCode(server.url, SLUG, code!)).me.name).toBe('Hugo Roux');
  });

  it('reissues a code: the old one is refused at join and its open session ends, the new one works', async () => {
    const aicha = issued.find((c) => c.name === 'Aïcha Diallo')!;
    const before = await joinWithCode(server.url, SLUG, aicha.code);
    const fresh = await api.ok(IssuedCode, 'POST', `${base}/registrants/${aicha.id}/reissue`);
    expect(fresh.code).not.toBe(aicha.code);
    expect(errorOf(await postJoin(server.url, SLUG, { code: aicha.code })).code).toBe('INVALID_CODE');
    const me = await request(server.url, '/api/me', { headers: { authorization: `Bearer ${before.token}` } });
    expect(errorOf(me).status).toBe(401);
    expect((await joinWithCode(server.url, SLUG, fresh.code)).me.name).toBe('Aïcha Diallo');
  });

  it('revokes a code, and a reissue after it works again', async () => {
    const lea = issued.find((c) => c.name === 'Léa Moreau')!;
    expect(await api.ok(Revoked, 'POST', `${base}/registrants/${lea.id}/revoke`)).toEqual({ revoked: 1 });
    expect(errorOf(await postJoin(server.url, SLUG, { code: lea.code })).code).toBe('INVALID_CODE');
    const { registrants } = await api.ok(
      z.object({ registrants: z.array(RegistrantView) }),
      'GET',
      `${base}/registrants`,
    );
    expect(registrants.find((r) => r.id === lea.id)!.hasCode).toBe(false);
  });

  it('changes a registrant’s attendance mode, which their next call sees', async () => {
    const hugo = issued.find((c) => c.name === 'Hugo Roux')!;
    const fresh = await api.ok(IssuedCode, 'POST', `${base}/registrants/${hugo.id}/reissue`);
    const joined = await joinWithCode(server.url, SLUG, fresh.code);
    expect(joined.me.attendance).toBe('remote');
    const changed = await api.ok(RegistrantView, 'PATCH', `${base}/registrants/${hugo.id}`, {
      attendance: 'onsite',
    });
    expect(changed).toMatchObject({ attendance: 'onsite', hasCode: true });
    const me = await request(server.url, '/api/me', { headers: { authorization: `Bearer ${joined.token}` } });
    expect((me.body as { attendance: string }).attendance).toBe('onsite');
  });

  it('answers NOT_FOUND for a registrant of another edition', async () => {
    const res = await api.call(
      'POST',
      `/api/organizer/editions/${server.demo.slug}/registrants/${issued[0]!.id}/revoke`,
    );
    expect(errorOf(res)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('moderators and projector screens', () => {
  it('names a moderator of some sessions, whose code opens the moderation', async () => {
    const { sessions } = await api.ok(z.object({ sessions: z.array(Session) }), 'GET', `${base}/sessions`);
    const atelier = sessions.find((s) => s.title === 'Atelier A')!;
    const created = await api.ok(CreatedWithCode, 'POST', `${base}/moderators`, {
      name: 'Nadia Modère',
      sessionIds: [atelier.id],
    });
    expect(created.code.link).toMatch(new RegExp(`/e/${SLUG}/moderate/${atelier.id}\\?code=`));
    const joined = await joinWithCode(server.url, SLUG, created.code.code);
    expect(joined.me).toMatchObject({ role: 'moderator', name: 'Nadia Modère' });
    const socket = await connect(server.url, joined.token);
    await ok(socket, 'moderation:join', { sessionId: atelier.id });
    const bad = await api.call('POST', `${base}/moderators`, { name: 'X', sessionIds: ['nope'] });
    expect(errorOf(bad)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const renamed = await api.ok(ModeratorView, 'PATCH', `${base}/moderators/${created.id}`, {
      sessionIds: null,
    });
    expect(renamed).toMatchObject({ sessionIds: null, hasCode: true });
    expect(await api.ok(Revoked, 'POST', `${base}/moderators/${created.id}/revoke`)).toEqual({ revoked: 1 });
    expect(errorOf(await postJoin(server.url, SLUG, { code: created.code.code })).code).toBe('INVALID_CODE');
  });

  it('adds one screen per room, with a projector link of that room, revocable and reissuable', async () => {
    const created = await api.ok(CreatedWithCode, 'POST', `${base}/screens`, { room: 'Grand amphi' });
    expect(created.code).toMatchObject({ role: 'projector', name: 'Écran Grand amphi' });
    expect(created.code.link).toMatch(new RegExp(`/e/${SLUG}/projector/[A-Za-z0-9_-]+\\?code=`));
    expect((await joinWithCode(server.url, SLUG, created.code.code)).me).toMatchObject({
      role: 'projector',
      room: 'Grand amphi',
    });
    const twice = await api.call('POST', `${base}/screens`, { room: 'grand AMPHI' });
    expect(errorOf(twice)).toMatchObject({ status: 409, code: 'CONFLICT' });
    const fresh = await api.ok(IssuedCode, 'POST', `${base}/screens/${created.id}/reissue`);
    expect(errorOf(await postJoin(server.url, SLUG, { code: created.code.code })).code).toBe('INVALID_CODE');
    expect((await joinWithCode(server.url, SLUG, fresh.code)).me.role).toBe('projector');
  });
});

describe('rehearsal, overview, exports and privacy', () => {
  let plenaryId: string;
  let participant: { id: string; token: string };
  let moderatorToken: string;

  beforeAll(async () => {
    const { sessions } = await api.ok(z.object({ sessions: z.array(Session) }), 'GET', `${base}/sessions`);
    plenaryId = sessions.find((s) => s.title === 'Ouverture')!.id;
    const { registrants } = await api.ok(
      z.object({ registrants: z.array(RegistrantView) }),
      'GET',
      `${base}/registrants`,
    );
    const lea = registrants.find((r) => r.name === 'Léa Moreau')!;
    const code = await api.ok(IssuedCode, 'POST', `${base}/registrants/${lea.id}/reissue`);
    participant = { id: lea.id, token: (await joinWithCode(server.url, SLUG, code.code)).token };
    const mod = await api.ok(CreatedWithCode, 'POST', `${base}/moderators`, {
      name: 'Régie',
      sessionIds: null,
    });
    moderatorToken = (await joinWithCode(server.url, SLUG, mod.code.code)).token;
  });

  const ask = async (text: string, anonymous = false) => {
    const socket = await connect(server.url, participant.token);
    return ok(socket, 'question:ask', { sessionId: plenaryId, clientId: clientId(), text, anonymous });
  };

  it('shows questions waiting in the live overview', async () => {
    await ask('Une question de répétition ?');
    const overview = await api.ok(Overview, 'GET', `${base}/overview`);
    const plenary = overview.sessions.find((s) => s.sessionId === plenaryId)!;
    expect(plenary.pendingQuestions).toBe(1);
    expect(plenary.connected).toEqual({ onsite: expect.any(Number), remote: expect.any(Number) });
  });

  it('goes live only with the slug as confirmation, wiping questions, ballots and words and keeping the rest', async () => {
    // The rehearsal: a poll and a cloud prepared, opened, voted and written in, the cloud on screen.
    const mod = await connect(server.url, moderatorToken);
    const lea = await connect(server.url, participant.token);
    const poll = await ok(mod, 'poll:create', {
      sessionId: plenaryId,
      draft: { question: 'Prêts pour demain ?', kind: 'single', options: ['Oui', 'Non'] },
    });
    await ok(mod, 'poll:open', { pollId: poll.id });
    const ballotId = clientId('ballot');
    await ok(lea, 'poll:vote', { pollId: poll.id, clientId: ballotId, choices: [poll.options[0]!.id] });
    const cloud = await ok(mod, 'cloud:create', { sessionId: plenaryId, draft: { prompt: 'Un mot ?' } });
    await ok(mod, 'cloud:open', { cloudId: cloud.id });
    await ok(lea, 'cloud:submit', { cloudId: cloud.id, clientId: clientId('word'), text: 'Répétition' });
    await ok(mod, 'screen:show', { sessionId: plenaryId, item: { kind: 'cloud', id: cloud.id } });
    await ok(lea, 'session:join', { sessionId: plenaryId });
    const sessionsBefore = await api.ok(z.object({ sessions: z.array(Session) }), 'GET', `${base}/sessions`);

    const wrong = await api.call('POST', `${base}/go-live`, { confirm: 'oui' });
    expect(errorOf(wrong)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
    const told = {
      participant: nextEvent(lea, 'session:reset', (e) => e.sessionId === plenaryId),
      moderator: nextEvent(mod, 'session:reset', (e) => e.sessionId === plenaryId),
    };
    await ok(mod, 'moderation:join', { sessionId: plenaryId });
    const result = await api.ok(GoLiveResult, 'POST', `${base}/go-live`, { confirm: SLUG });
    expect(result).toEqual({ questionsWiped: 1, interactionsWiped: 2, rehearsal: false });
    expect(await told.participant).toEqual({ sessionId: plenaryId });
    expect(await told.moderator).toEqual({ sessionId: plenaryId });

    // The prepared poll and cloud remain, as drafts with empty results; nothing is on screen.
    const joined = await ok(mod, 'moderation:join', { sessionId: plenaryId });
    const modView = joined.interactions;
    expect(modView.polls.map((p) => [p.id, p.status, p.question])).toEqual([
      [poll.id, 'draft', 'Prêts pour demain ?'],
    ]);
    expect(modView.clouds.map((c) => [c.id, c.status])).toEqual([[cloud.id, 'draft']]);
    expect(modView.pollResults.find((r) => r.pollId === poll.id)?.all.ballots).toBe(0);
    expect(modView.cloudResults.find((r) => r.cloudId === cloud.id)).toMatchObject({
      participants: 0,
      words: [],
    });
    expect(joined.live.screen).toBeNull();
    const mine = await ok(lea, 'session:join', { sessionId: plenaryId }).then((s) => s.interactions);
    expect([mine.polls, mine.myBallots, mine.myWords]).toEqual([[], [], []]);
    // At the event, the same client id votes anew.
    await ok(mod, 'poll:open', { pollId: poll.id });
    await ok(lea, 'poll:vote', { pollId: poll.id, clientId: ballotId, choices: [poll.options[1]!.id] });
    const live = await ok(mod, 'moderation:join', { sessionId: plenaryId }).then((s) => s.interactions);
    expect(live.pollResults.find((r) => r.pollId === poll.id)?.all).toEqual({
      ballots: 1,
      counts: { [poll.options[0]!.id]: 0, [poll.options[1]!.id]: 1 },
    });
    await ok(mod, 'poll:close', { pollId: poll.id });

    const edition = await api.ok(OrganizerEdition, 'GET', base);
    expect(edition).toMatchObject({ rehearsal: false, counts: { registrants: 3 } });
    expect(await api.ok(z.object({ sessions: z.array(Session) }), 'GET', `${base}/sessions`)).toEqual(
      sessionsBefore,
    );
    const report = await api.ok(SessionReport, 'GET', `${base}/sessions/${plenaryId}/export`);
    expect(report.questions).toEqual([]);
    // The same client id may be used again after the wipe: nothing of the rehearsal is left.
    expect(
      (await api.ok(Overview, 'GET', `${base}/overview`)).sessions.every((s) => s.pendingQuestions === 0),
    ).toBe(true);
  });

  it('exports questions with author unless anonymous, attendance, votes and status, as JSON and CSV', async () => {
    const named = await ask('Comment financer les projets ; et quand ?');
    await ask('=Question anonyme qui commence par un signe égal', true);
    const mod = await connect(server.url, moderatorToken);
    await ok(mod, 'question:moderate', { questionId: named.id, action: 'approve' });
    const report = await api.ok(SessionReport, 'GET', `${base}/sessions/${plenaryId}/export`);
    expect(report.questions.map((q) => [q.text, q.author, q.authorMode, q.status, q.votes])).toEqual([
      ['Comment financer les projets ; et quand ?', 'Léa Moreau', 'onsite', 'approved', 0],
      ['=Question anonyme qui commence par un signe égal', null, 'onsite', 'pending', 0],
    ]);
    expect(report.participation).toMatchObject({ questions: 2, questionsOnsite: 2, askers: 1 });
    const csv = await api.text(`${base}/sessions/${plenaryId}/export?format=csv&table=questions`);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\uFEFFséance;n°;question;auteur;présence;votes;statut')).toBe(true);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^Ouverture;1;"Comment financer les projets ; et quand \?";Léa Moreau;présentiel;0;approuvée;non;;;/,
    );
    // A formula would run in a spreadsheet: it is neutralised.
    expect(lines[2]).toContain(";'=Question anonyme");
    expect(lines[2]).toContain(';anonyme;');
    const edition = await api.ok(EditionReport, 'GET', `${base}/export`);
    expect(edition.participation.questions).toBe(2);
    expect(edition.sessions.length).toBeGreaterThanOrEqual(4);
    const participation = await api.text(`${base}/export?format=csv&table=participation`);
    expect(participation.text.split('\r\n')[0]).toMatch(/^\uFEFFséance;début \(Europe\/Paris\);questions;/);
  });

  it('exports a registrant’s data, then erases them: code refused, questions anonymised', async () => {
    const data = await api.ok(RegistrantData, 'GET', `${base}/registrants/${participant.id}/data`);
    expect(data.registrant).toMatchObject({ name: 'Léa Moreau', email: 'lea.moreau@example.org' });
    expect(data.questions.map((q) => q.anonymous)).toEqual([false, true]);
    expect(data.codes.active).toBe(1);
    const erased = await api.ok(Erased, 'DELETE', `${base}/registrants/${participant.id}`);
    expect(erased).toEqual({ questionsAnonymised: 2, codesRevoked: 1 });
    const me = await request(server.url, '/api/me', {
      headers: { authorization: `Bearer ${participant.token}` },
    });
    expect(errorOf(me).status).toBe(401);
    const report = await api.ok(SessionReport, 'GET', `${base}/sessions/${plenaryId}/export`);
    expect(report.questions.map((q) => q.author)).toEqual([null, null]);
    expect(JSON.stringify(await api.ok(EditionReport, 'GET', `${base}/export`))).not.toContain('Moreau');
    const gone = await api.call('GET', `${base}/registrants/${participant.id}/data`);
    expect(errorOf(gone).status).toBe(404);
  });
});
