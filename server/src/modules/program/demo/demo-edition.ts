import { readFileSync } from 'node:fs';
import { defaultPolicy, formatCode, type AttendanceMode, type Role, type Session } from '@agora/shared';
import { generateCode, hashCode } from '../../identity/codes.ts';
import type { InteractionStore } from '../../interactions/interactions.store.ts';
import { pollDefinition } from '../../polls/poll-definition.ts';
import { newId } from '../../clock.ts';
import type { StoreParts } from '../../store-parts.ts';
import { addMonths, todayIn, zonedEpoch } from '@agora/shared';
import { parseProgramme } from './parse-programme.ts';

/** A demo code, kept in clear only for the demo (written to the data folder, printed at start). */
export interface DemoCode {
  role: Role;
  name: string;
  code: string;
  attendance?: AttendanceMode;
  room?: string;
  /** For projector screens: the first session of their room. */
  sessionId?: string;
}

export interface DemoEdition {
  slug: string;
  plenarySessionId: string;
  workshopSessionId: string;
  codes: DemoCode[];
}

const TIME_ZONE = 'Europe/Paris';
const PLENARY_ROOM = 'Amphithéâtre Laroque';
const NOT_SESSIONS = /^(accueil|pause|repas|fin)/i;
const FIRST_NAMES = [
  'Camille',
  'Nadia',
  'Julien',
  'Sophie',
  'Karim',
  'Léa',
  'Thomas',
  'Inès',
  'Marc',
  'Aïcha',
  'Hugo',
  'Chloé',
];
const LAST_NAMES = [
  'Martin',
  'Benali',
  'Durand',
  'Lefèvre',
  'Nguyen',
  'Moreau',
  'Girard',
  'Diallo',
  'Roux',
  'Fontaine',
];
const ORGANISATIONS = ['ANMECS', 'CNAEMO', 'GEPSo', 'AIRe', 'Département du Nord', 'ARS Hauts-de-France'];

/**
 * Loads the demo edition, built from the real programme of the « Journée nationale
 * inter-associations » (seed programme), dated today so that it is live, plus two workshops,
 * 24 registrants (half on site), two moderators and one projector screen per room.
 */
export async function loadDemoEdition(
  store: Pick<StoreParts, 'program' | 'identity' | 'interactions'>,
  codeKey: Buffer,
  now: number,
): Promise<DemoEdition> {
  const source = readFileSync(new URL('./programme-jnia-2024.md', import.meta.url), 'utf8');
  const { entries } = parseProgramme(source);
  const date = todayIn(TIME_ZONE, now);
  const editionId = newId();
  const slug = 'jnia-demo';
  await store.program.putEdition({
    id: editionId,
    slug,
    name: 'Journée nationale inter-associations — démo',
    startDate: date,
    endDate: date,
    venue: 'Ministère des Solidarités, Amphithéâtre Laroque, 14 avenue Duquesne, 75007 Paris',
    timeZone: TIME_ZONE,
    replayUntil: addMonths(date, 9),
  });

  const sessions: Session[] = [];
  entries.forEach((entry, i) => {
    if (NOT_SESSIONS.test(entry.title)) return;
    const next = entries[i + 1];
    const end = Math.min(next ? next.start : entry.start + 60, entry.start + 90);
    sessions.push({
      id: newId(),
      editionId,
      title: entry.title,
      description: entry.description,
      startsAt: zonedEpoch(date, entry.start, TIME_ZONE),
      endsAt: zonedEpoch(date, end, TIME_ZONE),
      room: PLENARY_ROOM,
      kind: 'plenary',
      speakers: entry.speakers,
      policy: defaultPolicy('plenary'),
      // The plenary is streamed: remote people hear « votez maintenant » about half a minute late.
      remoteDelaySeconds: 30,
      streamUrl: null,
      replayUrl: null,
    });
  });
  const workshops = [
    {
      title: 'Atelier 1 — Coopérer sur les territoires : retours d’expérience',
      room: 'Salle Ségur',
      description:
        'Apprendre des expériences de terrain : co-construire le projet de l’enfant avec tous les partenaires.',
    },
    {
      title: 'Atelier 2 — Les droits de l’enfant dans les parcours interinstitutionnels',
      room: 'Salle Duquesne',
      description: 'Mieux soutenir les droits de l’enfant dans les processus interinstitutionnels.',
    },
  ];
  for (const w of workshops) {
    sessions.push({
      id: newId(),
      editionId,
      title: w.title,
      description: w.description,
      startsAt: zonedEpoch(date, 14 * 60 + 30, TIME_ZONE),
      endsAt: zonedEpoch(date, 16 * 60, TIME_ZONE),
      room: w.room,
      kind: 'workshop',
      speakers: [],
      policy: defaultPolicy('workshop'),
      remoteDelaySeconds: 0,
      streamUrl: null,
      replayUrl: null,
    });
  }
  for (const s of sessions) await store.program.putSession(s);

  const codes: DemoCode[] = [];
  const issue = async (role: Role, principalId: string, entry: Omit<DemoCode, 'role' | 'code'>) => {
    const code = generateCode();
    await store.identity.putCode({
      hash: hashCode(codeKey, code),
      role,
      principalId,
      editionId,
      revoked: false,
    });
    codes.push({ role, code: formatCode(code), ...entry });
  };
  for (let i = 0; i < 24; i += 1) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]}`;
    const attendance: AttendanceMode = i % 2 === 0 ? 'onsite' : 'remote';
    const id = newId();
    await store.identity.putRegistrant({
      id,
      editionId,
      name,
      email: `participant${i + 1}@example.org`,
      organisation: ORGANISATIONS[i % ORGANISATIONS.length] ?? '',
      attendance,
    });
    await issue('participant', id, { name, attendance });
  }
  for (const name of ['Modération A', 'Modération B']) {
    const id = newId();
    await store.identity.putModerator({ id, editionId, name, sessionIds: null });
    await issue('moderator', id, { name });
  }
  for (const room of [...new Set(sessions.map((s) => s.room))]) {
    const id = newId();
    await store.identity.putScreen({ id, editionId, name: `Écran — ${room}`, room });
    const first = sessions.find((s) => s.room === room);
    await issue('projector', id, {
      name: `Écran — ${room}`,
      room,
      ...(first ? { sessionId: first.id } : {}),
    });
  }

  const plenary = sessions.find((s) => s.kind === 'plenary');
  const workshop = sessions.find((s) => s.kind === 'workshop');
  if (!plenary || !workshop) throw new Error('the demo programme has no plenary or no workshop');
  await prepareInteractions(store.interactions, plenary.id, now);
  return { slug, plenarySessionId: plenary.id, workshopSessionId: workshop.id, codes };
}

/** Drafts ready in the first plenary, so a moderator can launch them at once in the quick start. */
async function prepareInteractions(store: InteractionStore, sessionId: string, now: number): Promise<void> {
  await store.createPoll({
    id: newId(),
    sessionId,
    definition: pollDefinition({
      question: 'La coopération entre institutions, sur votre territoire, c’est…',
      kind: 'single',
      options: [
        'Une réalité bien installée',
        'Un chantier en cours',
        'Une intention sans suite',
        'Je ne sais pas',
      ],
      maxChoices: 1,
      visibility: 'live',
    }),
    at: now,
  });
  await store.createPoll({
    id: newId(),
    sessionId,
    definition: pollDefinition({
      question: 'Cette table ronde vous a-t-elle été utile ?',
      kind: 'rating',
      options: [],
      maxChoices: 1,
      scale: { min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' },
      visibility: 'hidden',
    }),
    at: now,
  });
  await store.createCloud({
    id: newId(),
    sessionId,
    definition: {
      prompt: 'En un mot, la coopération c’est…',
      maxWordsPerParticipant: 3,
      maxLength: 30,
      visibility: 'live',
    },
    at: now,
  });
}
