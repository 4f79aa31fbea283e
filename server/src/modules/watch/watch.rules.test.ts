import { describe, expect, it } from 'vitest';
import {
  defaultPolicy,
  replayEndsAt,
  zonedEpoch,
  type Cloud,
  type Edition,
  type Poll,
  type ScreenItem,
  type Session,
} from '@agora/shared';
import type { Principal } from '../identity/principal.ts';
import type { QuestionRecord } from '../questions/questions.store.ts';
import {
  availability,
  buildTimeline,
  catalogueAvailability,
  checkViewer,
  emptyVideo,
  patchVideo,
  programmeSession,
  replaySessions,
  shownQuestions,
  videoKind,
} from './watch.rules.ts';
import type { SessionVideoRecord } from './watch.store.ts';

const edition: Edition = {
  id: 'ed1',
  slug: 'ed-one',
  name: 'Edition',
  startDate: '2026-06-24',
  endDate: '2026-06-25',
  venue: 'Nantes',
  timeZone: 'Europe/Paris',
  replayUntil: '2027-03-25',
};
const opens = zonedEpoch(edition.startDate, 0, edition.timeZone);
const START = opens + 10 * 3_600_000;
const END = START + 3_600_000;
const session = (overrides: Partial<Session> = {}): Session => ({
  id: 's1',
  editionId: 'ed1',
  title: 'Plénière',
  description: '',
  startsAt: START,
  endsAt: END,
  room: 'Amphi',
  kind: 'plenary',
  speakers: [{ name: 'Inès' }],
  policy: defaultPolicy('plenary'),
  remoteDelaySeconds: 0,
  streamUrl: null,
  replayUrl: null,
  ...overrides,
});
const file = { key: 'replays/ed1/s1/v1', name: 'r.webm', contentType: 'video/webm', size: 10, version: 1 };
const video = (overrides: Partial<SessionVideoRecord> = {}): SessionVideoRecord => ({
  ...emptyVideo(session(), 0),
  rev: 1,
  file,
  ...overrides,
});
const principal = (overrides: Partial<Principal> = {}): Principal => ({
  role: 'participant',
  id: 'p1',
  editionId: 'ed1',
  name: 'Alice',
  attendance: 'remote',
  sessionIds: null,
  room: null,
  ...overrides,
});

describe('who may watch', () => {
  it('lets participants and moderators of the edition watch, not projectors nor other editions', () => {
    expect(() => checkViewer(principal(), edition)).not.toThrow();
    expect(() => checkViewer(principal({ role: 'moderator', sessionIds: ['other'] }), edition)).not.toThrow();
    expect(() => checkViewer(principal({ role: 'projector' }), edition)).toThrow('registrants');
    expect(() => checkViewer(principal({ editionId: 'ed2' }), edition)).toThrow('registrants');
  });
});

describe('what can be watched when', () => {
  const stream = session({ streamUrl: 'https://v.example.org/live.m3u8' });

  it('follows the edition window, then the session’s times', () => {
    expect(availability(edition, stream, null, opens - 1)).toBe('not-yet');
    expect(availability(edition, stream, null, opens)).toBe('upcoming');
    expect(availability(edition, stream, null, START)).toBe('live');
    expect(availability(edition, stream, null, END - 1)).toBe('live');
    expect(availability(edition, stream, null, END)).toBe('replay-pending');
    expect(availability(edition, stream, video(), END)).toBe('replay');
    expect(availability(edition, stream, video(), replayEndsAt(edition) - 1)).toBe('replay');
    expect(availability(edition, stream, video(), replayEndsAt(edition))).toBe('no-longer');
  });

  it('says none for a session with neither stream nor replay, and plays a file live only when asked', () => {
    expect(availability(edition, session(), null, START)).toBe('none');
    expect(availability(edition, session(), null, END)).toBe('none');
    expect(availability(edition, session(), video(), START)).toBe('none');
    expect(availability(edition, session(), video({ fileIsLive: true }), START)).toBe('live');
    expect(availability(edition, session({ replayUrl: 'https://v.example.org/r' }), null, END)).toBe(
      'replay',
    );
  });

  it('keeps the addresses out of the programme, saying only whether there are some', () => {
    const shown = programmeSession(stream, video());
    expect(shown).toMatchObject({ hasStream: true, hasReplay: true });
    expect(shown).not.toHaveProperty('streamUrl');
    expect(shown).not.toHaveProperty('replayUrl');
    expect(programmeSession(session(), null)).toMatchObject({ hasStream: false, hasReplay: false });
  });

  it('opens the catalogue with the edition’s window and lists only ended sessions with a replay', () => {
    expect(catalogueAvailability(edition, opens - 1)).toBe('not-yet');
    expect(catalogueAvailability(edition, opens)).toBe('open');
    expect(catalogueAvailability(edition, replayEndsAt(edition))).toBe('no-longer');
    const later = session({
      id: 's2',
      startsAt: END,
      endsAt: END + 1000,
      replayUrl: 'https://v.example.org/2',
    });
    const none = session({ id: 's3' });
    const videos = new Map([['s1', video()]]);
    expect(replaySessions([later, none, session()], videos, END).map((s) => s.id)).toEqual(['s1']);
    expect(replaySessions([later, none, session()], videos, END + 1000).map((s) => s.id)).toEqual([
      's1',
      's2',
    ]);
  });
});

describe('sources and settings', () => {
  it('tells HLS, YouTube, Vimeo and files apart by their address', () => {
    expect(videoKind('https://cdn.example.org/a/index.m3u8?token=1')).toBe('hls');
    expect(videoKind('https://www.youtube.com/watch?v=abc')).toBe('youtube');
    expect(videoKind('https://youtu.be/abc')).toBe('youtube');
    expect(videoKind('https://www.youtube-nocookie.com/embed/abc')).toBe('youtube');
    expect(videoKind('https://player.vimeo.com/video/1')).toBe('vimeo');
    expect(videoKind('https://notyoutube.com/watch')).toBe('file');
    expect(videoKind('/api/files/replay/s1/1/r.webm?exp=1&sig=x')).toBe('file');
  });

  it('moves the revision with each change and refuses an offset of more than a day', () => {
    const next = patchVideo(session(), video(), { videoStartOffsetSeconds: 90 }, 5);
    expect(next).toMatchObject({ rev: 2, videoStartOffsetSeconds: 90, fileIsLive: false, updatedAt: 5 });
    expect(() => patchVideo(session(), video(), { videoStartOffsetSeconds: 86_401 }, 5)).toThrow(
      'more than a day',
    );
  });
});

describe('the questions shown', () => {
  it('lists each question once, in the order it first went on screen, and nothing else', () => {
    const entry = (item: ScreenItem, at: number) => ({ sessionId: 's1', item, at });
    const screens = [
      entry({ kind: 'question', id: 'b' }, 1),
      entry({ kind: 'poll', id: 'p', split: false }, 2),
      entry({ kind: 'question', id: 'a' }, 3),
      entry({ kind: 'question', id: 'b' }, 4),
      entry({ kind: 'history', id: 's1' }, 5),
    ];
    expect(shownQuestions(screens)).toEqual(['b', 'a']);
    expect(shownQuestions([])).toEqual([]);
  });
});

describe('the replay timeline', () => {
  const question = (id: string, overrides: Partial<QuestionRecord> = {}): QuestionRecord => ({
    id,
    sessionId: 's1',
    authorId: 'a',
    clientId: `c-${id}`,
    text: `Question ${id}`,
    originalText: `Question ${id}`,
    anonymous: false,
    authorName: 'Alice',
    authorMode: 'remote',
    status: 'answered',
    starred: false,
    votes: 4,
    mergedInto: null,
    merged: [],
    edits: [],
    createdAt: START,
    updatedAt: START,
    ...overrides,
  });
  const lifecycle = {
    sessionId: 's1',
    visibility: 'live',
    revealed: true,
    createdAt: START,
    closedAt: null,
    remoteClosesAt: null,
    version: 1,
  } as const;
  const poll = (id: string, openedAt: number | null, status: Poll['status'] = 'closed') =>
    ({
      ...lifecycle,
      id,
      kind: 'poll',
      status,
      openedAt,
      question: `Sondage ${id}`,
      pollKind: 'single',
      options: [],
      maxChoices: 1,
      scale: null,
    }) as unknown as Poll;
  const cloud = (id: string, openedAt: number) =>
    ({
      ...lifecycle,
      id,
      kind: 'cloud',
      status: 'closed',
      openedAt,
      prompt: 'Un mot',
      maxWordsPerParticipant: 3,
      maxLength: 30,
    }) as unknown as Cloud;
  const word = (text: string, count: number, hidden = false, blocked = false) => ({
    key: text,
    text,
    count,
    onsite: count,
    remote: 0,
    hidden,
    blocked,
  });

  it('places each item at the first time it went on screen, else at its opening, in time order', () => {
    const items = buildTimeline({
      session: session(),
      screens: [
        { sessionId: 's1', item: { kind: 'question', id: 'q1' }, at: START + 90_000 },
        { sessionId: 's1', item: { kind: 'poll', id: 'p1', split: true }, at: START + 30_000 },
        { sessionId: 's1', item: { kind: 'question', id: 'q1' }, at: START + 400_000 },
        { sessionId: 's1', item: { kind: 'question', id: 'gone' }, at: START + 1_000 },
        { sessionId: 's1', item: { kind: 'question', id: 'q2' }, at: START + 2_000 },
      ],
      questions: [question('q1'), question('q2', { status: 'rejected' }), question('q3')],
      polls: [
        { poll: poll('p1', START + 20_000), results: null },
        { poll: poll('p2', START + 60_000), results: null },
        { poll: poll('p3', null, 'draft'), results: null },
      ],
      clouds: [
        {
          cloud: cloud('c1', START - 5_000),
          results: {
            cloudId: 'c1',
            sessionId: 's1',
            version: 3,
            participants: 4,
            final: true,
            words: [
              word('rare', 1),
              word('caché', 9, true),
              word('bloqué', 8, false, true),
              word('confiance', 5),
            ],
          },
        },
      ],
    });
    expect(items.map((i) => [i.kind, i.offsetSeconds])).toEqual([
      ['cloud', 0],
      ['poll', 30],
      ['poll', 60],
      ['question', 90],
    ]);
    expect(items[0]).toMatchObject({
      kind: 'cloud',
      words: [
        { text: 'confiance', count: 5 },
        { text: 'rare', count: 1 },
      ],
    });
    expect(items[3]).toMatchObject({ kind: 'question', questionId: 'q1', origin: 'remote', upvotes: 4 });
  });
});
