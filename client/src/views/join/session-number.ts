import type { Programme, ProgrammeSession } from '@agora/shared';
import { paths } from '../../router.ts';

/**
 * Sessions in the order the programme lists them (start, then room, then id for a tie): the order
 * of the short numbers a projector shows, so `…/e/assises/3` is the third session of the programme.
 */
function ordered(sessions: readonly ProgrammeSession[]): ProgrammeSession[] {
  return [...sessions].sort(
    (a, b) => a.startsAt - b.startsAt || a.room.localeCompare(b.room) || (a.id < b.id ? -1 : 1),
  );
}

/** The short number (from 1) of a session in its programme, or null. */
export function sessionNumber(sessions: readonly ProgrammeSession[], id: string): number | null {
  const i = ordered(sessions).findIndex((s) => s.id === id);
  return i < 0 ? null : i + 1;
}

/** The session a short number names, or null. */
export function sessionByNumber(sessions: readonly ProgrammeSession[], n: number): ProgrammeSession | null {
  return ordered(sessions)[n - 1] ?? null;
}

/**
 * A path of this app at the public address the server gave (PUBLIC_URL, else the machine's LAN
 * address), not the one this screen happened to open: a projector opened on localhost must still
 * show phones an address they can reach.
 */
export function publicLink(programme: Programme, path: string): string {
  const joinPath = paths.join(programme.edition.slug);
  const base = programme.joinUrl.endsWith(joinPath)
    ? programme.joinUrl.slice(0, -joinPath.length)
    : new URL(programme.joinUrl).origin;
  return `${base}${path}`;
}
