import { useSyncExternalStore } from 'react';

/** The client's routes; the server prints links with these exact paths. */
export type Route =
  | { name: 'home' }
  | { name: 'join'; slug: string }
  | { name: 'programme'; slug: string }
  /** The edition's documents, by session and by partner, with a search. */
  | { name: 'documents'; slug: string }
  /** One document read in the app (a PDF drawn by pdf.js, a video). */
  | { name: 'document'; slug: string; documentId: string }
  /** « Village des partenaires »: every partner, or one. */
  | { name: 'partners'; slug: string }
  | { name: 'partner'; slug: string; partnerId: string }
  | { name: 'session'; slug: string; sessionId: string }
  /** The edition's replay catalogue, and one session's replay with its timeline. */
  | { name: 'replays'; slug: string }
  | { name: 'replay'; slug: string; sessionId: string }
  /** The short address a projector shows: a session by its number in the programme (1, 2, 3…). */
  | { name: 'sessionNumber'; slug: string; number: number }
  | { name: 'moderate'; slug: string; sessionId: string }
  | { name: 'projector'; slug: string; sessionId: string }
  /** Everything under `/organizer`: the console parses the rest itself. */
  | { name: 'organizer' }
  | { name: 'notFound' };

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'organizer') return { name: 'organizer' };
  if (parts[0] !== 'e' || !parts[1] || !SEGMENT.test(parts[1])) return { name: 'notFound' };
  const slug = parts[1];
  if (parts.length === 2) return { name: 'join', slug };
  if (parts.length === 3 && parts[2] === 'programme') return { name: 'programme', slug };
  if (parts.length === 3 && parts[2] === 'documents') return { name: 'documents', slug };
  if (parts.length === 4 && parts[2] === 'documents' && SEGMENT.test(parts[3] ?? '')) {
    return { name: 'document', slug, documentId: parts[3] ?? '' };
  }
  if (parts.length === 3 && parts[2] === 'partenaires') return { name: 'partners', slug };
  if (parts.length === 3 && parts[2] === 'replays') return { name: 'replays', slug };
  if (parts.length === 4 && parts[2] === 'replays' && SEGMENT.test(parts[3] ?? '')) {
    return { name: 'replay', slug, sessionId: parts[3] ?? '' };
  }
  if (parts.length === 4 && parts[2] === 'partenaires' && SEGMENT.test(parts[3] ?? '')) {
    return { name: 'partner', slug, partnerId: parts[3] ?? '' };
  }
  if (parts.length === 3 && /^[1-9][0-9]{0,2}$/.test(parts[2] ?? '')) {
    return { name: 'sessionNumber', slug, number: Number(parts[2]) };
  }
  const sessionId = parts[3];
  if (parts.length === 4 && sessionId && SEGMENT.test(sessionId)) {
    if (parts[2] === 's') return { name: 'session', slug, sessionId };
    if (parts[2] === 'moderate') return { name: 'moderate', slug, sessionId };
    if (parts[2] === 'projector') return { name: 'projector', slug, sessionId };
  }
  return { name: 'notFound' };
}

export const paths = {
  join: (slug: string) => `/e/${slug}`,
  programme: (slug: string) => `/e/${slug}/programme`,
  documents: (slug: string) => `/e/${slug}/documents`,
  document: (slug: string, id: string) => `/e/${slug}/documents/${id}`,
  partners: (slug: string) => `/e/${slug}/partenaires`,
  partner: (slug: string, id: string) => `/e/${slug}/partenaires/${id}`,
  session: (slug: string, id: string) => `/e/${slug}/s/${id}`,
  replays: (slug: string) => `/e/${slug}/replays`,
  replay: (slug: string, id: string) => `/e/${slug}/replays/${id}`,
  sessionNumber: (slug: string, n: number) => `/e/${slug}/${n}`,
  moderate: (slug: string, id: string) => `/e/${slug}/moderate/${id}`,
  projector: (slug: string, id: string) => `/e/${slug}/projector/${id}`,
};

/**
 * Where a person whose access ended (token expired or revoked) goes from a page: the edition's
 * join page, then back to that page. Null where there is no edition to join again.
 */
export function rejoinPath(pathname: string): string | null {
  const route = parseRoute(pathname);
  if (route.name === 'join' || !('slug' in route)) return null;
  return `${paths.join(route.slug)}?next=${encodeURIComponent(pathname)}`;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function notify() {
  for (const l of listeners) l();
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

/** Rewrites the address without a new history entry and without scrolling (e.g. dropping `?code=`). */
export function replaceUrl(to: string) {
  history.replaceState(null, '', to);
  notify();
}

export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
  const url = new URL(href, 'http://x');
  return { pathname: url.pathname, search: url.search };
}
