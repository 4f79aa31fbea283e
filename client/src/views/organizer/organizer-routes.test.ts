import { describe, expect, it } from 'vitest';
import { orgPaths, parseOrganizerRoute } from './organizer-routes.ts';

describe('parseOrganizerRoute', () => {
  it('reads every page of the console and the paths it prints', () => {
    expect(parseOrganizerRoute('/organizer')).toEqual({ name: 'editions' });
    expect(parseOrganizerRoute('/organizer/new')).toEqual({ name: 'newEdition' });
    expect(parseOrganizerRoute(orgPaths.edition('a1'))).toEqual({
      name: 'edition',
      slug: 'a1',
      tab: 'programme',
    });
    expect(parseOrganizerRoute(orgPaths.edition('a1', 'registrants'))).toEqual({
      name: 'edition',
      slug: 'a1',
      tab: 'registrants',
    });
    expect(parseOrganizerRoute(orgPaths.report('a1', 's_1'))).toEqual({
      name: 'report',
      slug: 'a1',
      sessionId: 's_1',
    });
  });

  it('refuses unknown tabs and malformed ids', () => {
    expect(parseOrganizerRoute('/organizer/e/a1/nope')).toEqual({ name: 'notFound' });
    expect(parseOrganizerRoute('/organizer/e/a1/sessions/bad%20id/report')).toEqual({ name: 'notFound' });
    expect(parseOrganizerRoute('/organizer/x')).toEqual({ name: 'notFound' });
  });
});
