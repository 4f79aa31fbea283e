import { describe, expect, it } from 'vitest';
import type { Edition } from '../schemas/program.ts';
import { contentAccess, contentWindow, replayEndsAt } from './replay-window.ts';

const edition: Edition = {
  id: 'e',
  slug: 'jnia',
  name: 'JNIA',
  startDate: '2026-06-24',
  endDate: '2026-06-25',
  venue: 'Nantes',
  timeZone: 'Europe/Paris',
  replayUntil: '2027-03-25',
};

describe('the content window of an edition', () => {
  const window = contentWindow(edition);

  it('opens at the midnight starting the first day and ends at the midnight ending the replay date, in the edition’s zone', () => {
    expect(window.opensAt).toBe(Date.UTC(2026, 5, 23, 22));
    expect(window.endsAt).toBe(Date.UTC(2027, 2, 25, 23));
    expect(window.endsAt).toBe(replayEndsAt(edition));
  });

  it('refuses before it opens, with the instant it opens', () => {
    expect(contentAccess(window, window.opensAt - 1)).toEqual({
      open: false,
      refusal: 'NOT_YET_AVAILABLE',
      at: window.opensAt,
    });
  });

  it('is open from its first instant to its last', () => {
    expect(contentAccess(window, window.opensAt)).toEqual({ open: true, endsAt: window.endsAt });
    expect(contentAccess(window, window.endsAt - 1)).toEqual({ open: true, endsAt: window.endsAt });
  });

  it('refuses from the end of the replay window on, with the instant it ended', () => {
    expect(contentAccess(window, window.endsAt)).toEqual({
      open: false,
      refusal: 'NO_LONGER_AVAILABLE',
      at: window.endsAt,
    });
  });

  it('follows a replay date the organizer moved', () => {
    const later = contentWindow({ ...edition, replayUntil: '2027-06-30' });
    expect(contentAccess(later, Date.UTC(2027, 4, 1)).open).toBe(true);
  });

  it('opens at the instant given for a replay (its session’s end)', () => {
    const replay = contentWindow(edition, Date.UTC(2026, 5, 24, 12));
    expect(contentAccess(replay, Date.UTC(2026, 5, 24, 11)).open).toBe(false);
    expect(contentAccess(replay, Date.UTC(2026, 5, 24, 12)).open).toBe(true);
  });
});
