import type { Ack, AppErrorBody, Me, Role } from '@agora/shared';
import type { z } from 'zod';
import { askedAgain } from './ask-again.ts';

/**
 * The shared schemas, fetched with the first answer to parse rather than with the page: the join
 * page paints without zod (a quarter of its JavaScript), and the download runs beside the request.
 * A download lost on the hall's Wi-Fi is forgotten, so the next answer fetches it again (Chromium
 * fetches a failed import again; kept, it failed every request after it until a reload).
 */
type Schemas = typeof import('@agora/shared');
let schemas: Promise<Schemas> | undefined;
function loadSchemas(): Promise<Schemas> {
  schemas ??= import('@agora/shared').catch((error: unknown) => {
    schemas = undefined;
    throw error;
  });
  return schemas;
}

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
  // Awaited below, after the request; a failed download must not be an unhandled rejection meanwhile.
  loading.catch(() => undefined);
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
  let shared: Schemas;
  try {
    shared = await loading;
  } catch {
    // Without the code that checks it, the answer cannot be read: unreachable, asked again.
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'schemas not loaded' } };
  }
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
 * Whether this browser holds `role`: who it is, or null when the answer says it does not (a 401, an
 * unknown edition). An answer that says nothing about the token (the network, a proxy's 5xx, our
 * own 500, too many requests: `askedAgain`) comes back as its error, which the page shows and asks
 * again (`useAsync`'s `again`): a page that sends a person without a role to the join page must not
 * do so because one request was lost, nor wait in silence behind « Chargement… ».
 */
async function heldAs(role: Role): Promise<Ack<Me | null>> {
  const answer = await api.me(role);
  return answer.ok || askedAgain(answer.error) ? answer : { ok: true, data: null };
}

/** The first of `roles` this browser holds a valid token for, with who it is; undecided before it: the error (`heldAs`). */
export async function firstRole(roles: readonly Role[]): Promise<Ack<Me | null>> {
  const answers = await Promise.all(roles.map(heldAs));
  return answers.find((a) => !a.ok || a.data !== null) ?? { ok: true, data: null };
}

/** Every one of `roles` this browser holds a valid token for (one laptop may be moderator and projector; `heldAs`). */
export async function heldRoles(
  roles: readonly Role[] = ['participant', 'moderator', 'projector'],
): Promise<Ack<Me[]>> {
  const answers = await Promise.all(roles.map(heldAs));
  const held: Me[] = [];
  for (const a of answers) {
    if (!a.ok) return a;
    if (a.data) held.push(a.data);
  }
  return { ok: true, data: held };
}
