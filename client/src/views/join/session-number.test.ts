import { describe, expect, it } from 'vitest';
import type { Programme, ProgrammeSession } from '@agora/shared';
import { publicLink, sessionByNumber, sessionNumber } from './session-number.ts';

const session = (id: string, startsAt: number, room: string) => ({ id, startsAt, room }) as ProgrammeSession;
const sessions = [
  session('late', 3_000, 'Amphi'),
  session('atelier-b', 2_000, 'Salle B'),
  session('atelier-a', 2_000, 'Salle A'),
  session('opening', 1_000, 'Amphi'),
];

describe('short session numbers', () => {
  it('numbers sessions in programme order (start, then room), from 1, both ways', () => {
    expect(sessions.map((s) => sessionNumber(sessions, s.id))).toEqual([4, 3, 2, 1]);
    expect(sessionByNumber(sessions, 2)?.id).toBe('atelier-a');
    expect(sessionByNumber(sessions, 5)).toBeNull();
    expect(sessionNumber(sessions, 'missing')).toBeNull();
  });

  it('builds links at the public address the server gave, keeping a PUBLIC_URL path prefix', () => {
    const programme = (joinUrl: string) =>
      ({ joinUrl, edition: { slug: 'jnia' }, sessions: [] }) as unknown as Programme;
    expect(publicLink(programme('http://192.168.1.23:3000/e/jnia'), '/e/jnia/s/x')).toBe(
      'http://192.168.1.23:3000/e/jnia/s/x',
    );
    expect(publicLink(programme('https://live.example.org/agora/e/jnia'), '/e/jnia/3')).toBe(
      'https://live.example.org/agora/e/jnia/3',
    );
  });
});
