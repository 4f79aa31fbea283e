import { normaliseCode, type AppErrorBody, type Me } from '@agora/shared';
import { api } from '../../api/http.ts';
import { resetSocket } from '../../realtime/socket-registry.ts';

/** Exchanges a personal code for a token cookie; the role's socket is rebuilt so it carries the new cookie. */
export async function joinWithCode(
  slug: string,
  raw: string,
): Promise<{ ok: true; me: Me } | { ok: false; error: AppErrorBody }> {
  const res = await api.join(slug, normaliseCode(raw));
  if (!res.ok) return res;
  resetSocket(res.data.me.role);
  return { ok: true, me: res.data.me };
}

/** Where to go after joining: a `next` path inside this edition, else the programme. */
export function afterJoinPath(slug: string, next: string | null): string {
  if (next && next.startsWith(`/e/${slug}/`) && !next.includes('//')) return next;
  return `/e/${slug}/programme`;
}
