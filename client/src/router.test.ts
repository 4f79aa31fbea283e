import { describe, expect, it } from 'vitest';
import { parseRoute, paths, rejoinPath } from './router.ts';
import { afterJoinPath } from './views/join/code-join.ts';

describe('parseRoute', () => {
  it('reads every route the server prints links to', () => {
    expect(parseRoute('/e/assises-2024')).toEqual({ name: 'join', slug: 'assises-2024' });
    expect(parseRoute('/e/assises-2024/')).toEqual({ name: 'join', slug: 'assises-2024' });
    expect(parseRoute('/e/a1/programme')).toEqual({ name: 'programme', slug: 'a1' });
    expect(parseRoute('/e/a1/s/s_1')).toEqual({ name: 'session', slug: 'a1', sessionId: 's_1' });
    expect(parseRoute('/e/a1/moderate/s_1')).toEqual({ name: 'moderate', slug: 'a1', sessionId: 's_1' });
    expect(parseRoute('/e/a1/projector/s_1')).toEqual({ name: 'projector', slug: 'a1', sessionId: 's_1' });
    expect(parseRoute('/')).toEqual({ name: 'home' });
  });

  it('reads the replay catalogue and a session’s replay', () => {
    expect(parseRoute(paths.replays('a1'))).toEqual({ name: 'replays', slug: 'a1' });
    expect(parseRoute(paths.replay('a1', 's_1'))).toEqual({ name: 'replay', slug: 'a1', sessionId: 's_1' });
    expect(parseRoute('/e/a1/replays/bad%20id')).toEqual({ name: 'notFound' });
  });

  it('reads the short address a projector shows: a session by its number in the programme', () => {
    expect(parseRoute('/e/a1/3')).toEqual({ name: 'sessionNumber', slug: 'a1', number: 3 });
    expect(parseRoute(paths.sessionNumber('a1', 12))).toEqual({
      name: 'sessionNumber',
      slug: 'a1',
      number: 12,
    });
    expect(parseRoute('/e/a1/0')).toEqual({ name: 'notFound' });
    expect(parseRoute('/e/a1/1234')).toEqual({ name: 'notFound' });
  });

  it('after joining from a projector’s QR or short address, goes to that session, not the programme', () => {
    expect(afterJoinPath('a1', paths.session('a1', 's_1'))).toBe('/e/a1/s/s_1');
    expect(afterJoinPath('a1', paths.sessionNumber('a1', 3))).toBe('/e/a1/3');
    expect(afterJoinPath('a1', '/e/other/s/s_1')).toBe('/e/a1/programme');
  });

  it('refuses unknown paths and malformed ids', () => {
    expect(parseRoute('/x/a1')).toEqual({ name: 'notFound' });
    expect(parseRoute('/e/a1/s/bad%20id')).toEqual({ name: 'notFound' });
    expect(parseRoute('/e/a1/other/s1')).toEqual({ name: 'notFound' });
  });
});

describe('rejoinPath', () => {
  it('sends a person whose access ended to the edition’s join page, and back to the page after', () => {
    expect(rejoinPath('/e/a1/s/s_1')).toBe('/e/a1?next=%2Fe%2Fa1%2Fs%2Fs_1');
    expect(rejoinPath('/e/a1/projector/s_1')).toBe('/e/a1?next=%2Fe%2Fa1%2Fprojector%2Fs_1');
    expect(rejoinPath('/e/a1')).toBeNull();
    expect(rejoinPath('/organizer')).toBeNull();
  });
});
