import { zonedEpoch } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import { nowAndNext, otherWallClock } from './now-next.ts';

const at = (hhmm: number) => zonedEpoch('2026-06-24', hhmm, 'Europe/Paris');
const session = (id: string, from: number, to: number) => ({ id, startsAt: at(from), endsAt: at(to) });

describe('live now and next in the programme', () => {
  const sessions = [
    session('opening', 9 * 60, 10 * 60),
    session('w1', 10 * 60 + 30, 12 * 60),
    session('w2', 10 * 60 + 30, 12 * 60),
    session('lunch-talk', 12 * 60 + 30, 13 * 60),
  ];

  it('shows what runs now and the whole next slot (parallel workshops together)', () => {
    const { live, next } = nowAndNext(sessions, at(9 * 60 + 15));
    expect(live.map((s) => s.id)).toEqual(['opening']);
    expect(next.map((s) => s.id)).toEqual(['w1', 'w2']);
  });

  it('counts a session live from its first minute to just before its end', () => {
    expect(nowAndNext(sessions, at(10 * 60 + 30)).live.map((s) => s.id)).toEqual(['w1', 'w2']);
    expect(nowAndNext(sessions, at(10 * 60)).live).toEqual([]);
  });

  it('has nothing next once the last session started, and nothing live between sessions', () => {
    expect(nowAndNext(sessions, at(12 * 60 + 40))).toEqual({ live: [sessions[3]], next: [] });
    expect(nowAndNext(sessions, at(12 * 60 + 15))).toEqual({ live: [], next: [sessions[3]] });
  });
});

describe('the viewer’s own time beside the edition’s', () => {
  const instant = at(9 * 60);

  it('is shown when the viewer’s wall clock differs', () => {
    expect(otherWallClock(instant, 'Europe/Paris', 'America/Montreal')).toBe(true);
    expect(otherWallClock(instant, 'Europe/Paris', 'Indian/Reunion')).toBe(true);
  });

  it('is not shown for the same zone, another name of the same offset, or an unknown zone', () => {
    expect(otherWallClock(instant, 'Europe/Paris', 'Europe/Paris')).toBe(false);
    expect(otherWallClock(instant, 'Europe/Paris', 'Europe/Brussels')).toBe(false);
    expect(otherWallClock(instant, 'Europe/Paris', null)).toBe(false);
    expect(otherWallClock(instant, 'Europe/Paris', 'Not/AZone')).toBe(false);
  });
});
