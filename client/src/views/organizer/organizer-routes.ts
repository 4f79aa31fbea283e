/** The tabs of an edition in the console. */
export const editionTabs = [
  'programme',
  'registrants',
  'team',
  'content',
  'live',
  'exports',
  'attendance',
  'settings',
] as const;
export type EditionTab = (typeof editionTabs)[number];

/** Routes under `/organizer`. */
export type OrganizerRoute =
  | { name: 'editions' }
  | { name: 'newEdition' }
  | { name: 'edition'; slug: string; tab: EditionTab }
  | { name: 'report'; slug: string; sessionId: string }
  | { name: 'notFound' };

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

export function parseOrganizerRoute(pathname: string): OrganizerRoute {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'organizer') return { name: 'notFound' };
  if (parts.length === 1) return { name: 'editions' };
  if (parts.length === 2 && parts[1] === 'new') return { name: 'newEdition' };
  const slug = parts[2];
  if (parts[1] !== 'e' || !slug || !SEGMENT.test(slug)) return { name: 'notFound' };
  if (parts.length === 3) return { name: 'edition', slug, tab: 'programme' };
  const tab = editionTabs.find((t) => t === parts[3]);
  if (parts.length === 4 && tab) return { name: 'edition', slug, tab };
  const sessionId = parts[4];
  if (
    parts.length === 6 &&
    parts[3] === 'sessions' &&
    sessionId &&
    SEGMENT.test(sessionId) &&
    parts[5] === 'report'
  )
    return { name: 'report', slug, sessionId };
  return { name: 'notFound' };
}

export const orgPaths = {
  editions: () => '/organizer',
  newEdition: () => '/organizer/new',
  edition: (slug: string, tab: EditionTab = 'programme') =>
    tab === 'programme' ? `/organizer/e/${slug}` : `/organizer/e/${slug}/${tab}`,
  report: (slug: string, sessionId: string) => `/organizer/e/${slug}/sessions/${sessionId}/report`,
};
