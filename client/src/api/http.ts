import {
  AppErrorBody,
  EditionContent,
  EditionPublic,
  FileLink,
  JoinResponse,
  Me,
  Programme,
  type Ack,
  type Role,
} from '@agora/shared';
import { z } from 'zod';

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
  schema: T,
  init?: RequestInit,
): Promise<Ack<z.output<T>>> {
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
  if (!res.ok) {
    const parsed = AppErrorBody.safeParse(body);
    return {
      ok: false,
      error: parsed.success ? parsed.data : { code: statusCode(res.status), message: `HTTP ${res.status}` },
    };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: 'unexpected answer' } };
  return { ok: true, data: parsed.data };
}

export const api = {
  edition: (slug: string) => call(`/api/editions/${encodeURIComponent(slug)}`, EditionPublic),
  join: (slug: string, code: string) =>
    call(`/api/editions/${encodeURIComponent(slug)}/join`, JoinResponse, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    }),
  me: (as: Role) => call(`/api/me?as=${as}`, Me),
  programme: (slug: string, as: Role) =>
    call(`/api/editions/${encodeURIComponent(slug)}/programme?as=${as}`, Programme),
  content: (slug: string, as: Role) =>
    call(`/api/editions/${encodeURIComponent(slug)}/content?as=${as}`, EditionContent),
  documentLink: (slug: string, id: string, as: Role, download: boolean) =>
    call(
      `/api/editions/${encodeURIComponent(slug)}/documents/${encodeURIComponent(id)}/link?as=${as}${download ? '&download=1' : ''}`,
      FileLink,
    ),
  leaveContact: (slug: string, partnerId: string, message: string) =>
    call(`/api/editions/${encodeURIComponent(slug)}/partners/${encodeURIComponent(partnerId)}/contact`, Ok, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ consent: true, message }),
    }),
  partnerVisit: (slug: string, partnerId: string, as: Role) =>
    call(
      `/api/editions/${encodeURIComponent(slug)}/partners/${encodeURIComponent(partnerId)}/visit?as=${as}`,
      Ok,
      {
        method: 'POST',
      },
    ),
  withdrawContact: (slug: string, partnerId: string) =>
    call(`/api/editions/${encodeURIComponent(slug)}/partners/${encodeURIComponent(partnerId)}/contact`, Ok, {
      method: 'DELETE',
    }),
};

const Ok = z.object({ ok: z.literal(true) });

/** The first of `roles` this browser holds a valid token for, with who it is. */
export async function firstRole(roles: readonly Role[]): Promise<Me | null> {
  const answers = await Promise.all(roles.map((r) => api.me(r)));
  for (const a of answers) if (a.ok) return a.data;
  return null;
}

/** Every role this browser holds a valid token for (one laptop may be moderator and projector). */
export async function heldRoles(): Promise<Me[]> {
  const answers = await Promise.all(
    (['participant', 'moderator', 'projector'] as const).map((r) => api.me(r)),
  );
  return answers.flatMap((a) => (a.ok ? [a.data] : []));
}
