import type { Ack, AppErrorBody, Me, Role } from '@agora/shared';
import type { z } from 'zod';
import { FIRST_WAIT_MS, nextWait, pause } from './ask-again.ts';

/**
 * The shared schemas, fetched with the first answer to parse rather than with the page: the join
 * page paints without zod (a quarter of its JavaScript), and the download runs beside the request.
 */
type Schemas = typeof import('@agora/shared');
let schemas: Promise<Schemas> | undefined;
const loadSchemas = () => (schemas ??= import('@agora/shared'));

/**
 * The code of an error answer without our JSON body. 502 to 504 come from the reverse proxy when no
 * node answers (all restarting, or POST not retried on another node): unreachable, so worth another
 * try, not « Erreur du serveur ».
 */
function statusCode(status: number): AppErrorBody['code'] {
  if (status === 401) return 'UNAUTHORIZED';
  if (status >= 502 && status <= 504) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/** Calls the HTTP API and parses the answer with its shared schema; failures come back as an error ack. */
export async function call<T extends z.ZodType>(
  path: string,
  pick: (s: Schemas) => T,
  init?: RequestInit,
): Promise<Ack<z.output<T>>> {
  const loading = loadSchemas();
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: { Accept: 'application/json', ...init?.headers },
    });
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'network error' } };
  }
  const body: unknown = await res.json().catch(() => null);
  const shared = await loading;
  if (!res.ok) {
    const parsed = shared.AppErrorBody.safeParse(body);
    return {
      ok: false,
      error: parsed.success ? parsed.data : { code: statusCode(res.status), message: `HTTP ${res.status}` },
    };
  }
  const parsed = pick(shared).safeParse(body);
  if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: 'unexpected answer' } };
  return { ok: true, data: parsed.data };
}

export const api = {
  edition: (slug: string) => call(`/api/editions/${encodeURIComponent(slug)}`, (s) => s.EditionPublic),
  join: (slug: string, code: string) =>
    call(`/api/editions/${encodeURIComponent(slug)}/join`, (s) => s.JoinResponse, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    }),
  me: (as: Role) => call(`/api/me?as=${as}`, (s) => s.Me),
  programme: (slug: string, as: Role) =>
    call(`/api/editions/${encodeURIComponent(slug)}/programme?as=${as}`, (s) => s.Programme),
  content: (slug: string, as: Role) =>
    call(`/api/editions/${encodeURIComponent(slug)}/content?as=${as}`, (s) => s.EditionContent),
  documentLink: (slug: string, id: string, as: Role, download: boolean) =>
    call(
      `/api/editions/${encodeURIComponent(slug)}/documents/${encodeURIComponent(id)}/link?as=${as}${download ? '&download=1' : ''}`,
      (s) => s.FileLink,
    ),
  leaveContact: (slug: string, partnerId: string, message: string) =>
    call(`/api/editions/${encodeURIComponent(slug)}/partners/${encodeURIComponent(partnerId)}/contact`, ok, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ consent: true, message }),
    }),
  partnerVisit: (slug: string, partnerId: string, as: Role) =>
    call(
      `/api/editions/${encodeURIComponent(slug)}/partners/${encodeURIComponent(partnerId)}/visit?as=${as}`,
      ok,
      {
        method: 'POST',
      },
    ),
  withdrawContact: (slug: string, partnerId: string) =>
    call(`/api/editions/${encodeURIComponent(slug)}/partners/${encodeURIComponent(partnerId)}/contact`, ok, {
      method: 'DELETE',
    }),
};

/** `{ ok: true }`, the answer of the contact and visit routes. */
function ok(s: Schemas) {
  return s.contentRoutes.leaveContact.response;
}

/**
 * Failures of `/api/me` that say nothing about the token: the network (the hall's Wi-Fi dropped the
 * request), a proxy or a server that did not answer (5xx), too many requests. Only an answer about
 * the token (401, an unknown edition) means the role is not held.
 */
const UNDECIDED: ReadonlySet<AppErrorBody['code']> = new Set(['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);
/**
 * Whether this browser holds `role`, asked again while the answer is undecided (`UNDECIDED`) for as
 * long as `signal` lets it (the view that asked is still there): a page that sends a person without
 * a role to the join page must not do so because one request was lost. Null: not held.
 */
async function heldAs(role: Role, signal?: AbortSignal): Promise<Me | null> {
  for (let wait = FIRST_WAIT_MS; ; wait = nextWait(wait)) {
    const answer = await api.me(role);
    if (answer.ok) return answer.data;
    if (!UNDECIDED.has(answer.error.code) || signal?.aborted) return null;
    await pause(wait, signal);
    if (signal?.aborted) return null;
  }
}

/** The first of `roles` this browser holds a valid token for, with who it is (`heldAs`). */
export async function firstRole(roles: readonly Role[], signal?: AbortSignal): Promise<Me | null> {
  const held = await Promise.all(roles.map((r) => heldAs(r, signal)));
  return held.find((me) => me !== null) ?? null;
}

/** Every role this browser holds a valid token for (one laptop may be moderator and projector; `heldAs`). */
export async function heldRoles(signal?: AbortSignal): Promise<Me[]> {
  const held = await Promise.all(
    (['participant', 'moderator', 'projector'] as const).map((r) => heldAs(r, signal)),
  );
  return held.filter((me) => me !== null);
}
