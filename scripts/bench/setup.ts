/**
 * The bench edition, made through the product's own organizer API as an organizer would: log in,
 * create the edition and a plenary session, import N registrants as CSV, issue their personal
 * codes (answered once, as JSON), name a moderator and a projector screen. Nothing is written to the
 * store behind the server's back.
 */
import type { z } from 'zod';
import {
  CreatedWithCode,
  ImportReport,
  IssuedCodes,
  JoinResponse,
  OrganizerEdition,
  OrganizerLoginResponse,
  Session,
} from '@agora/shared';
import { BARE_PROJECTOR_CODE } from './baseline-behaviour.ts';

export const BENCH_ORGANIZER = {
  email: 'bench@agora.example.org',
  name: 'Banc d’essai',
  password: 'un mot de passe de banc d’essai',
};

export interface BenchEdition {
  slug: string;
  sessionId: string;
  /** Personal codes of the N thin participants, in order. */
  participantCodes: string[];
  /** Codes of the real-client participant probes (not among the N). */
  probeCodes: string[];
  moderatorCode: string;
  projectorCode: string;
  /** How long the organizer steps took, ms. */
  setupMs: number;
}

async function call<T extends z.ZodType>(
  baseUrl: string,
  schema: T,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; csv?: string } = {},
): Promise<z.output<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    body = options.csv;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return schema.parse(JSON.parse(text));
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Creates the bench edition on a running server with `participants` + `probes` registrants. */
export async function createBenchEdition(
  baseUrl: string,
  participants: number,
  probes: number,
): Promise<BenchEdition> {
  const started = Date.now();
  const { token } = await call(baseUrl, OrganizerLoginResponse, 'POST', '/api/organizer/login', {
    json: { email: BENCH_ORGANIZER.email, password: BENCH_ORGANIZER.password },
  });
  const slug = `bench-${Date.now().toString(36)}`;
  await call(baseUrl, OrganizerEdition, 'POST', '/api/organizer/editions', {
    token,
    json: {
      slug,
      name: `Banc d’essai ${participants}`,
      startDate: day(Date.now()),
      endDate: day(Date.now()),
    },
  });
  const session = await call(baseUrl, Session, 'POST', `/api/organizer/editions/${slug}/sessions`, {
    token,
    json: {
      title: 'Séance plénière du banc d’essai',
      startsAt: Date.now() - 3_600_000,
      endsAt: Date.now() + 8 * 3_600_000,
      room: 'Grand amphi',
      kind: 'plenary',
    },
  });

  const total = participants + probes;
  const rows = ['nom;email;mode'];
  for (let i = 0; i < total; i++) {
    rows.push(`Participant ${i};p${i}@bench.example.org;${i % 2 === 0 ? 'présentiel' : 'distanciel'}`);
  }
  const report = await call(
    baseUrl,
    ImportReport,
    'POST',
    `/api/organizer/editions/${slug}/registrants/import`,
    {
      token,
      csv: `${rows.join('\r\n')}\r\n`,
    },
  );
  if (report.errors.length > 0 || report.created !== total) {
    throw new Error(
      `registrants import: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 3) })}`,
    );
  }
  const { codes } = await call(
    baseUrl,
    IssuedCodes,
    'POST',
    `/api/organizer/editions/${slug}/registrants/codes`,
    {
      token,
      json: {},
    },
  );
  const byEmail = new Map(codes.map((c) => [c.email?.toLowerCase() ?? '', c.code]));
  const codeOf = (i: number) => {
    const code = byEmail.get(`p${i}@bench.example.org`);
    if (!code) throw new Error(`no code issued to registrant ${i}`);
    return code;
  };
  const moderator = await call(
    baseUrl,
    CreatedWithCode,
    'POST',
    `/api/organizer/editions/${slug}/moderators`,
    {
      token,
      json: { name: 'Modération du banc' },
    },
  );
  const screen = await call(baseUrl, CreatedWithCode, 'POST', `/api/organizer/editions/${slug}/screens`, {
    token,
    json: { room: 'Grand amphi' },
  });
  return {
    slug,
    sessionId: session.id,
    participantCodes: Array.from({ length: participants }, (_, i) => codeOf(i)),
    probeCodes: Array.from({ length: probes }, (_, i) => codeOf(participants + i)),
    moderatorCode: moderator.code.code,
    projectorCode: screen.code.code,
    setupMs: Date.now() - started,
  };
}

/** For the bare servers: the same shape, codes are never checked. */
export function bareEdition(participants: number, probes: number): BenchEdition {
  const fake = (i: number) => `BARE-${String(i).padStart(4, '0')}-CODE`;
  return {
    slug: 'bench-bare',
    sessionId: 'bare-session',
    participantCodes: Array.from({ length: participants }, (_, i) => fake(i)),
    probeCodes: Array.from({ length: probes }, (_, i) => fake(participants + i)),
    moderatorCode: 'BARE-MODE-RATE',
    projectorCode: BARE_PROJECTOR_CODE,
    setupMs: 0,
  };
}

/** HTTP join with a personal code: the token (and who). */
export async function joinWithCode(baseUrl: string, slug: string, code: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/editions/${slug}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${JSON.stringify(body)}`);
  const parsed = JoinResponse.safeParse(body);
  return parsed.success ? parsed.data.token : ((body as { token?: string }).token ?? '');
}

/** The raw HTTP join answer (the bare servers replay it). */
export async function joinAnswer(baseUrl: string, slug: string, code: string): Promise<unknown> {
  const res = await fetch(`${baseUrl}/api/editions/${slug}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return res.json();
}
