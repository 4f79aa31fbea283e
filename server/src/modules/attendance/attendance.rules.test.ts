import { describe, expect, it } from 'vitest';
import type { WatchBeat } from '@agora/shared';
import {
  attendanceOf,
  beatCounts,
  beatMarks,
  countMinutes,
  delayFigures,
  followedDelay,
  isProvisional,
  lengthMinutes,
  liveMinute,
} from './attendance.rules.ts';
import { testSession } from '../../../../tests/support/service-fixtures.ts';

const MIN = 60_000;
const session = { startsAt: 10 * MIN, endsAt: 70 * MIN };
const beat = (more: Partial<WatchBeat>): WatchBeat => ({
  sessionId: 's',
  tabId: 'tab-1',
  mode: 'live',
  positionSeconds: 0,
  behindLiveSeconds: null,
  playing: true,
  ...more,
});

describe('attendance rules', () => {
  it('numbers live minutes from the session’s start and marks none outside it', () => {
    expect(lengthMinutes(session)).toBe(60);
    expect(lengthMinutes({ startsAt: 0, endsAt: 90_001 })).toBe(2);
    expect(liveMinute(session, 10 * MIN)).toBe(0);
    expect(liveMinute(session, 10 * MIN + 59_999)).toBe(0);
    expect(liveMinute(session, 69 * MIN + 1)).toBe(59);
    expect(liveMinute(session, 70 * MIN)).toBeNull();
    expect(liveMinute(session, 10 * MIN - 1)).toBeNull();
  });

  it('counts a minute once however many tabs and reconnections marked it, capped by the session’s length', () => {
    expect(countMinutes([0, 1, 1, 2, 0, 2], 60)).toBe(3);
    expect(
      countMinutes(
        Array.from({ length: 100 }, (_, i) => i),
        60,
      ),
    ).toBe(60);
    expect(countMinutes([-1], 60)).toBe(0);
  });

  it('marks the live minute of a live beat, and replay minutes only after the session, while playing', () => {
    expect(beatMarks(session, beat({}), 12 * MIN + 5)).toEqual({ mode: 'live', minutes: [2] });
    expect(beatMarks(session, beat({}), 71 * MIN)).toEqual({ mode: 'live', minutes: [] });
    const replay = beat({ mode: 'replay', positionSeconds: 125 });
    expect(beatMarks(session, replay, 71 * MIN)).toEqual({ mode: 'replay', minutes: [1, 2] });
    expect(beatMarks(session, { ...replay, playing: false }, 71 * MIN).minutes).toEqual([]);
    expect(beatMarks(session, replay, 30 * MIN).minutes).toEqual([]);
    expect(beatMarks(session, beat({ mode: 'replay', positionSeconds: 10 }), 71 * MIN).minutes).toEqual([0]);
  });

  it('counts the first beat of a tab and the next one 30 s later, give or take the timers’ drift', () => {
    expect(beatCounts(undefined, 0)).toBe(true);
    expect(beatCounts(0, 10_000)).toBe(false);
    expect(beatCounts(0, 24_999)).toBe(false);
    expect(beatCounts(0, 25_000)).toBe(true);
    expect(beatCounts(0, 30_000)).toBe(true);
  });

  it('lists a person’s sessions in programme order, with minutes, capped, and skips the empty ones', () => {
    const a = testSession('a', 'A', 'plenary', { startsAt: 0, endsAt: 2 * MIN });
    const b = testSession('b', 'B', 'workshop', { startsAt: 5 * MIN, endsAt: 65 * MIN });
    const record = (sessionId: string, live: number[], replay: number[]) => ({
      sessionId,
      participantId: 'p',
      live,
      replay,
      resumeAtSeconds: null,
    });
    expect(
      attendanceOf([a, b], [record('b', [0, 1], [3]), record('a', [0, 1, 2, 3], []), record('x', [1], [])]),
    ).toEqual([
      { sessionId: 'a', liveMinutes: 2, replayMinutes: 0 },
      { sessionId: 'b', liveMinutes: 2, replayMinutes: 1 },
    ]);
    expect(attendanceOf([a], [record('a', [], [])])).toEqual([]);
  });

  it('is provisional until the edition’s last day has ended in its time zone', () => {
    const edition = { endDate: '2026-06-25', timeZone: 'Europe/Paris' };
    const midnightParis = Date.UTC(2026, 5, 25, 22, 0);
    expect(isProvisional(edition, midnightParis - 1)).toBe(true);
    expect(isProvisional(edition, midnightParis)).toBe(false);
  });

  it('gives the median and 90th percentile of the viewers’ delays', () => {
    expect(delayFigures([])).toEqual({ viewers: 0, medianSeconds: null, p90Seconds: null });
    expect(delayFigures([4])).toEqual({ viewers: 1, medianSeconds: 4, p90Seconds: 4 });
    const samples = [10, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(delayFigures(samples)).toEqual({ viewers: 10, medianSeconds: 5, p90Seconds: 9 });
    expect(delayFigures([1.23, 1.27]).p90Seconds).toBe(1.3);
  });

  it('moves a following window to the p90 rounded up, bounded, only on a real change and not too often', () => {
    const base = { p90Seconds: 12.2, viewers: 5, currentSeconds: 0, lastMovedAt: undefined, now: 100_000 };
    expect(followedDelay(base)).toBe(13);
    expect(followedDelay({ ...base, currentSeconds: 11 })).toBeNull();
    expect(followedDelay({ ...base, currentSeconds: 10 })).toBe(13);
    expect(followedDelay({ ...base, p90Seconds: 900 })).toBe(300);
    expect(followedDelay({ ...base, viewers: 2 })).toBeNull();
    expect(followedDelay({ ...base, p90Seconds: null })).toBeNull();
    expect(followedDelay({ ...base, lastMovedAt: 50_000 })).toBeNull();
    expect(followedDelay({ ...base, lastMovedAt: 40_000 })).toBe(13);
  });
});
