import { describe, expect, it } from 'vitest';
import { parseRoute, rejoinPath } from './router.ts';

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
