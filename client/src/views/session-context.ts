import type { AppErrorBody, Me, Programme, Role, ProgrammeSession } from '@agora/shared';
import { useEffect } from 'react';
import { api, firstRole } from '../api/http.ts';
import { navigate, paths } from '../router.ts';
import { useAsync } from '../ui/use-async.ts';
import { askedAgain } from '../api/ask-again.ts';

export interface ReadySessionContext {
  kind: 'ready';
  me: Me;
  programme: Programme;
  session: ProgrammeSession;
}

export type SessionContext =
  { kind: 'loading' } | { kind: 'error'; error: AppErrorBody } | ReadySessionContext;

async function load(slug: string, sessionId: string, roles: readonly Role[]): Promise<SessionContext | null> {
  const held = await firstRole(roles);
  if (!held.ok) return { kind: 'error', error: held.error };
  const me = held.data;
  if (!me || me.editionSlug !== slug) return null;
  const programme = await api.programme(slug, me.role);
  if (!programme.ok) return { kind: 'error', error: programme.error };
  const session = programme.data.sessions.find((s) => s.id === sessionId);
  if (!session) return { kind: 'error', error: { code: 'NOT_FOUND', message: 'session' } };
  return { kind: 'ready', me, programme: programme.data, session };
}

/**
 * Who this browser is for a session view (the first of `roles` it holds a token for), the
 * programme and the session. Without a token it sends the person to the join page, and back here after.
 */
export function useSessionContext(slug: string, sessionId: string, roles: readonly Role[]): SessionContext {
  const key = roles.join(',');
  const state = useAsync(
    () => load(slug, sessionId, roles),
    [slug, sessionId, key],
    (v) => v?.kind === 'error' && askedAgain(v.error),
  );
  const unauthenticated = state.kind === 'done' && state.value === null;
  useEffect(() => {
    if (unauthenticated) {
      const here = window.location.pathname;
      navigate(`${paths.join(slug)}?next=${encodeURIComponent(here)}`, { replace: true });
    }
  }, [unauthenticated, slug]);
  if (state.kind === 'loading' || state.value === null) return { kind: 'loading' };
  return state.value;
}
