import {
  AppError,
  contentAccess,
  contentWindow,
  replayEndsAt,
  type Cloud,
  type Edition,
  type ModCloudResults,
  type Poll,
  type PollResults,
  type ProgrammeSession,
  type ReplayEntry,
  type Session,
  type TimelineItem,
  type VideoKind,
  type WatchAvailability,
} from '@agora/shared';
import type { Principal } from '../identity/principal.ts';
import type { QuestionRecord } from '../questions/questions.store.ts';
import type { ScreenEntry, SessionVideoRecord } from './watch.store.ts';

/** Every refusal of the watch module: its texts live here only. */
export const watchRefusals = {
  notViewer: () =>
    new AppError('FORBIDDEN', 'live sessions and replays are for the registrants of this edition'),
  notFound: (what: string) => new AppError('NOT_FOUND', `${what} not found`),
  stale: () =>
    new AppError('CONFLICT', 'this session’s video was changed meanwhile; reload it and try again'),
  notYet: (at: number) =>
    new AppError('NOT_YET_AVAILABLE', 'the sessions of this edition open on its first day', { at }),
  ended: (at: number) =>
    new AppError(
      'NO_LONGER_AVAILABLE',
      'the replay period of this edition has ended: its sessions can no longer be watched',
      { at },
    ),
  noFile: () => new AppError('INVALID_PAYLOAD', 'this session has no video file'),
  offsetTooLarge: (maxSeconds: number) =>
    new AppError('INVALID_PAYLOAD', 'the video start offset is more than a day', { maxSeconds }),
} as const;

/** Registrants of the edition (participants, moderators) watch; projectors and other editions do not. */
export function checkViewer(principal: Principal, edition: Edition): void {
  if (principal.editionId !== edition.id || principal.role === 'projector') throw watchRefusals.notViewer();
}

/** The edition's window (its first day to its replay date) at `now`: refused before and after. */
export function checkEditionWindow(edition: Edition, now: number): void {
  const access = contentAccess(contentWindow(edition), now);
  if (access.open) return;
  throw access.refusal === 'NOT_YET_AVAILABLE'
    ? watchRefusals.notYet(access.at)
    : watchRefusals.ended(access.at);
}

const YOUTUBE = /(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be)$/i;
const VIMEO = /(^|\.)vimeo\.com$/i;

/** How a player plays an address: by its host (YouTube, Vimeo), its playlist suffix (HLS), else a file. */
export function videoKind(url: string): VideoKind {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://local');
  } catch {
    return 'file';
  }
  if (YOUTUBE.test(parsed.hostname)) return 'youtube';
  if (VIMEO.test(parsed.hostname)) return 'vimeo';
  if (parsed.pathname.toLowerCase().endsWith('.m3u8')) return 'hls';
  return 'file';
}

/** Whether the session has a live stream: the organizer's link, or its file played as live. */
export function hasStream(session: Session, video: SessionVideoRecord | null): boolean {
  return session.streamUrl !== null || (video?.fileIsLive === true && video.file !== null);
}

/** Whether the session has a replay: an uploaded file (which wins) or the organizer's link. */
export function hasReplay(session: Session, video: SessionVideoRecord | null): boolean {
  return session.replayUrl !== null || video?.file != null;
}

/**
 * What can be watched of a session at `now` (see `WatchAvailability`). The edition's window
 * (shared/src/rules/replay-window.ts, the one documents follow) bounds everything; inside it, the
 * session's times decide between its stream and its replay. A replay opens at the session's end.
 */
export function availability(
  edition: Edition,
  session: Session,
  video: SessionVideoRecord | null,
  now: number,
): WatchAvailability {
  const access = contentAccess(contentWindow(edition), now);
  if (!access.open) return access.refusal === 'NOT_YET_AVAILABLE' ? 'not-yet' : 'no-longer';
  const stream = hasStream(session, video);
  if (now < session.startsAt) return stream ? 'upcoming' : 'none';
  if (now < session.endsAt) return stream ? 'live' : 'none';
  if (hasReplay(session, video)) return 'replay';
  return stream ? 'replay-pending' : 'none';
}

/** A session as participants see it in the programme: no address, only whether there is one. */
export function programmeSession(session: Session, video: SessionVideoRecord | null): ProgrammeSession {
  const { streamUrl: _stream, replayUrl: _replay, ...rest } = session;
  return { ...rest, hasStream: hasStream(session, video), hasReplay: hasReplay(session, video) };
}

/** The catalogue's state: the edition's window, open or why not. */
export function catalogueAvailability(edition: Edition, now: number): 'open' | 'not-yet' | 'no-longer' {
  if (now >= replayEndsAt(edition)) return 'no-longer';
  const access = contentAccess(contentWindow(edition), now);
  return access.open ? 'open' : 'not-yet';
}

/** The sessions of the catalogue: ended, with a replay, by start time. */
export function replaySessions(
  sessions: readonly Session[],
  videos: ReadonlyMap<string, SessionVideoRecord>,
  now: number,
): Session[] {
  return sessions
    .filter((s) => now >= s.endsAt && hasReplay(s, videos.get(s.id) ?? null))
    .sort((a, b) => a.startsAt - b.startsAt || a.title.localeCompare(b.title));
}

/** A catalogue entry, with where this person stands in it. */
export function replayEntry(
  session: Session,
  resumeAtSeconds: number | null,
  watchedSeconds: number,
): ReplayEntry {
  return {
    sessionId: session.id,
    title: session.title,
    kind: session.kind,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    speakers: session.speakers.map((s) => s.name),
    resumeAtSeconds,
    watchedSeconds: Math.max(0, Math.floor(watchedSeconds)),
  };
}

/** Words of a cloud shown in the timeline. */
export const TIMELINE_WORDS = 20;

/** What the timeline is built from: the session, its screen history and its interactions as they ended. */
export interface TimelineSources {
  session: Session;
  screens: readonly ScreenEntry[];
  questions: readonly QuestionRecord[];
  polls: readonly { poll: Poll; results: PollResults | null }[];
  clouds: readonly { cloud: Cloud; results: ModCloudResults | null }[];
}

const offsetOf = (session: Session, at: number) => Math.max(0, Math.round((at - session.startsAt) / 1000));

/**
 * The questions of a screen history, in the order they first went on screen (each once): the
 * projector's question history and the moderator's balance counter.
 */
export function shownQuestions(screens: readonly ScreenEntry[]): string[] {
  const ids = new Set<string>();
  for (const { item } of screens) if (item.kind === 'question') ids.add(item.id);
  return [...ids];
}

/**
 * The replay's timeline: each question at the first time it went on screen (those still visible:
 * not rejected, not merged away), each poll and cloud at the first time it went on screen, or at
 * its opening if it never did (drafts never appear), with the final results: polls whole with the
 * hall / remote split, clouds' most frequent visible words. In time order; offsets are seconds from
 * the session's start (the client adds the video's start offset).
 */
export function buildTimeline(sources: TimelineSources): TimelineItem[] {
  const firstShown = new Map<string, number>();
  for (const entry of sources.screens) {
    const key = `${entry.item.kind}:${entry.item.id}`;
    if (!firstShown.has(key)) firstShown.set(key, entry.at);
  }
  const items: (TimelineItem & { at: number })[] = [];
  for (const q of sources.questions) {
    const at = firstShown.get(`question:${q.id}`);
    if (at === undefined || q.status === 'rejected' || q.mergedInto !== null) continue;
    items.push({
      kind: 'question',
      at,
      offsetSeconds: offsetOf(sources.session, at),
      questionId: q.id,
      text: q.text,
      origin: q.authorMode,
      upvotes: q.votes,
    });
  }
  for (const { poll, results } of sources.polls) {
    const at = firstShown.get(`poll:${poll.id}`) ?? poll.openedAt;
    if (at === null || poll.status === 'draft') continue;
    items.push({
      kind: 'poll',
      at,
      offsetSeconds: offsetOf(sources.session, at),
      pollId: poll.id,
      question: poll.question,
      options: poll.options.map(({ id, label }) => ({ id, label })),
      results,
    });
  }
  for (const { cloud, results } of sources.clouds) {
    const at = firstShown.get(`cloud:${cloud.id}`) ?? cloud.openedAt;
    if (at === null || cloud.status === 'draft') continue;
    const words = (results?.words ?? [])
      .filter((w) => !w.hidden && !w.blocked)
      .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
      .slice(0, TIMELINE_WORDS)
      .map(({ text, count }) => ({ text, count }));
    items.push({
      kind: 'cloud',
      at,
      offsetSeconds: offsetOf(sources.session, at),
      cloudId: cloud.id,
      prompt: cloud.prompt,
      words,
    });
  }
  return items.sort((a, b) => a.at - b.at).map(({ at: _at, ...item }) => item as TimelineItem);
}

/** A session's video record as it starts: nothing set. */
export function emptyVideo(session: Session, now: number): SessionVideoRecord {
  return {
    sessionId: session.id,
    editionId: session.editionId,
    rev: 0,
    file: null,
    videoStartOffsetSeconds: 0,
    fileIsLive: false,
    updatedAt: now,
  };
}

/** The organizer's change of a session's video settings; refuses an offset of more than a day. */
export function patchVideo(
  session: Session,
  current: SessionVideoRecord,
  patch: { videoStartOffsetSeconds?: number | undefined; fileIsLive?: boolean | undefined },
  now: number,
): SessionVideoRecord {
  const offset = patch.videoStartOffsetSeconds ?? current.videoStartOffsetSeconds;
  // A recording may begin well before the session, not a day before.
  const max = 86_400;
  if (offset > max) throw watchRefusals.offsetTooLarge(max);
  return {
    ...current,
    rev: current.rev + 1,
    videoStartOffsetSeconds: offset,
    fileIsLive: patch.fileIsLive ?? current.fileIsLive,
    updatedAt: now,
  };
}

/** The record with a new file (or none): its version moves on, so signed links of the old one stop. */
export function withFile(
  current: SessionVideoRecord,
  file: SessionVideoRecord['file'],
  now: number,
): SessionVideoRecord {
  return { ...current, rev: current.rev + 1, file, updatedAt: now };
}

/** The next file version of a session's video: the next revision, so versions never repeat. */
export function nextFileVersion(current: SessionVideoRecord): number {
  return current.rev + 1;
}
