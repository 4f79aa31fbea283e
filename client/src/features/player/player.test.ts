import { beatSeconds } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  afterBeat,
  beatDue,
  beatTick,
  behindLive,
  clockText,
  currentItem,
  fileLiveEdge,
  initialBeatState,
  resumePosition,
  seekTarget,
} from './player-clock.ts';
import { detectKind, embedUrl, hlsEngine, vimeoId, youtubeId } from './video-source.ts';

describe('the kind of a video address', () => {
  it('tells HLS playlists, plain files, YouTube and Vimeo apart', () => {
    expect(detectKind('https://cdn.example.org/live/plenary/index.m3u8?token=1')).toBe('hls');
    expect(detectKind('https://cdn.example.org/replay/plenary.MP4')).toBe('file');
    expect(detectKind('https://example.org/video.webm')).toBe('file');
    expect(detectKind('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10')).toBe('youtube');
    expect(detectKind('https://youtu.be/dQw4w9WgXcQ')).toBe('youtube');
    expect(detectKind('https://www.youtube.com/live/dQw4w9WgXcQ')).toBe('youtube');
    expect(detectKind('https://vimeo.com/76979871')).toBe('vimeo');
    expect(detectKind('https://player.vimeo.com/video/76979871?h=abcdef1234')).toBe('vimeo');
  });

  it('refuses what no player plays', () => {
    expect(detectKind('https://example.org/stream')).toBeNull();
    expect(detectKind('https://www.youtube.com/watch?v=short')).toBeNull();
    expect(detectKind('javascript:alert(1)')).toBeNull();
    expect(detectKind('not a url')).toBeNull();
    expect(detectKind('ftp://example.org/a.mp4')).toBeNull();
  });

  it('does not take a Vimeo live event for the video of the same number', () => {
    // vimeo.com/event/<id> is a live event, embedded elsewhere than player.vimeo.com/video/<id>,
    // whose player API is not documented: the player offers the event's own page instead.
    expect(vimeoId('https://vimeo.com/event/4567890')).toBeNull();
    expect(vimeoId('https://vimeo.com/event/4567890/embed')).toBeNull();
    expect(detectKind('https://vimeo.com/event/4567890')).toBeNull();
    expect(embedUrl('vimeo', 'https://vimeo.com/event/4567890', 'https://agora.example')).toBeNull();
  });

  it('reads YouTube and Vimeo ids, with a private Vimeo link hash', () => {
    expect(youtubeId('https://m.youtube.com/shorts/dQw4w9WgXcQ')).toBe('dQw4w9WgXcQ');
    expect(youtubeId('https://evil.example/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(vimeoId('https://vimeo.com/76979871/0a1b2c3d4e')).toEqual({ id: '76979871', hash: '0a1b2c3d4e' });
    expect(vimeoId('https://vimeo.com/channels/staffpicks/76979871')).toEqual({ id: '76979871', hash: null });
  });

  it('embeds in the privacy-enhanced modes with the player APIs on', () => {
    const yt = new URL(embedUrl('youtube', 'https://youtu.be/dQw4w9WgXcQ', 'https://agora.example') ?? '');
    expect(yt.origin).toBe('https://www.youtube-nocookie.com');
    expect(yt.pathname).toBe('/embed/dQw4w9WgXcQ');
    expect(yt.searchParams.get('enablejsapi')).toBe('1');
    expect(yt.searchParams.get('origin')).toBe('https://agora.example');
    const vi = new URL(embedUrl('vimeo', 'https://vimeo.com/76979871/0a1b2c3d4e', 'x') ?? '');
    expect(vi.origin).toBe('https://player.vimeo.com');
    expect(vi.searchParams.get('dnt')).toBe('1');
    expect(vi.searchParams.get('h')).toBe('0a1b2c3d4e');
    expect(embedUrl('youtube', 'https://example.org/a.mp4', 'x')).toBeNull();
  });

  it('plays HLS natively only where hls.js cannot run, and gives up where neither exists', () => {
    expect(hlsEngine({ nativeHls: true, mediaSource: false })).toBe('native');
    expect(hlsEngine({ nativeHls: true, mediaSource: true })).toBe('hls.js');
    expect(hlsEngine({ nativeHls: false, mediaSource: true })).toBe('hls.js');
    expect(hlsEngine({ nativeHls: false, mediaSource: false })).toBe('none');
  });
});

describe('the distance from the live edge', () => {
  it('takes hls.js latency first, else its live sync position', () => {
    expect(behindLive({ engine: 'hls.js', latency: 12.345, liveSyncPosition: 90, position: 70 })).toBe(12.3);
    expect(behindLive({ engine: 'hls.js', latency: null, liveSyncPosition: 90, position: 70 })).toBe(20);
    expect(behindLive({ engine: 'hls.js', latency: null, liveSyncPosition: null, position: 70 })).toBeNull();
  });

  it('reads the browser player from the end of its seekable range', () => {
    expect(behindLive({ engine: 'native', seekableEnd: 130, position: 100 })).toBe(30);
    expect(behindLive({ engine: 'native', seekableEnd: null, position: 100 })).toBeNull();
    expect(behindLive({ engine: 'native', seekableEnd: Infinity, position: 100 })).toBeNull();
  });

  it('for a file played live, counts from the session start, round the looping file', () => {
    const startsAt = 1_000_000;
    expect(fileLiveEdge(startsAt, startsAt + 45_000, 600)).toBe(45);
    expect(fileLiveEdge(startsAt, startsAt + 900_000, 600)).toBe(300);
    expect(fileLiveEdge(startsAt, startsAt - 5_000, 600)).toBe(0);
    expect(fileLiveEdge(startsAt, startsAt + 45_000, null)).toBeNull();
    expect(
      behindLive({ engine: 'file', startsAt, now: startsAt + 45_000, duration: 600, position: 40 }),
    ).toBe(5);
    // Past the wrap: the edge (5 s into the second round) is 7 s ahead of a position near the end.
    expect(
      behindLive({ engine: 'file', startsAt, now: startsAt + 605_000, duration: 600, position: 598 }),
    ).toBe(7);
  });

  it('never reports a negative distance or one over the contract limit, and nothing for embeds', () => {
    expect(behindLive({ engine: 'native', seekableEnd: 10, position: 12 })).toBe(0);
    expect(behindLive({ engine: 'hls.js', latency: 99_999, liveSyncPosition: null, position: 0 })).toBe(
      3_600,
    );
    expect(behindLive({ engine: 'embed' })).toBeNull();
  });
});

describe('heartbeat scheduling', () => {
  const period = beatSeconds * 1000;

  it('sends the first beat when the video first plays, not before', () => {
    expect(beatDue(initialBeatState, 0, false)).toBe(false);
    expect(beatDue(initialBeatState, 0, true)).toBe(true);
  });

  it('never sends two beats less than beatSeconds apart, however often it is asked', () => {
    let state = initialBeatState;
    const sentAt: number[] = [];
    for (let now = 0; now <= 10 * period; now += 1_000) {
      if (beatDue(state, now, true)) {
        sentAt.push(now);
        state = afterBeat(now, true);
      }
    }
    expect(sentAt).toHaveLength(11);
    for (let i = 1; i < sentAt.length; i++)
      expect((sentAt[i] ?? 0) - (sentAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(period);
  });

  it('keeps beating while paused after a first play, so a pause is reported as such', () => {
    const state = afterBeat(0, true);
    expect(beatDue(state, period - 1, false)).toBe(false);
    expect(beatDue(state, period, false)).toBe(true);
    expect(afterBeat(period, false).playedSinceLast).toBe(false);
  });
});

describe('a heartbeat tick', () => {
  const snap = (position: number, playing: boolean, behindLive: number | null = 4.2) => ({
    position,
    playing,
    behindLive,
  });

  it('says the video played since the last beat even when it is paused at the beat', () => {
    let state = beatTick(initialBeatState, snap(0, true), 'live', 0).state;
    state = beatTick(state, snap(10, true), 'live', 10_000).state;
    state = beatTick(state, snap(12, false), 'live', 20_000).state;
    const { beat } = beatTick(state, snap(12, false), 'live', beatSeconds * 1000);
    expect(beat).toEqual({ mode: 'live', positionSeconds: 12, behindLiveSeconds: 4.2, playing: true });
    const after = beatTick(
      beatTick(state, snap(12, false), 'live', beatSeconds * 1000).state,
      snap(12, false),
      'live',
      2 * beatSeconds * 1000,
    );
    expect(after.beat?.playing).toBe(false);
  });

  it('carries the live distance only live, and a position within the contract', () => {
    const replay = beatTick(initialBeatState, snap(123.456, true), 'replay', 0).beat;
    expect(replay).toEqual({
      mode: 'replay',
      positionSeconds: 123.5,
      behindLiveSeconds: null,
      playing: true,
    });
    expect(beatTick(initialBeatState, snap(99_999, true), 'replay', 0).beat?.positionSeconds).toBe(86_400);
    expect(beatTick(initialBeatState, snap(-1, true), 'live', 0).beat?.positionSeconds).toBe(0);
  });

  it('sends nothing before the video first plays', () => {
    const { state, beat } = beatTick(initialBeatState, snap(0, false), 'live', 0);
    expect(beat).toBeNull();
    expect(state).toBe(initialBeatState);
  });
});

describe('seeking from the timeline and resuming', () => {
  it('adds the video start offset to an item offset, within the video', () => {
    expect(seekTarget(125, 0)).toBe(125);
    expect(seekTarget(125, 42)).toBe(167);
    expect(seekTarget(5_000, 42, 3_000)).toBe(3_000);
    expect(seekTarget(10, 5, NaN)).toBe(15);
  });

  it('resumes where the person stopped, from the session start otherwise or near the end', () => {
    expect(resumePosition(null, 42)).toBe(42);
    expect(resumePosition(300, 42)).toBe(300);
    expect(resumePosition(595, 42, 600)).toBe(42);
    expect(resumePosition(300, 42, 600)).toBe(300);
  });

  it('marks the timeline item the video has reached, following the video start offset', () => {
    const offsets = [60, 120, 300];
    expect(currentItem(offsets, 10, 0)).toBeNull();
    expect(currentItem(offsets, 59.5, 0)).toBe(0);
    expect(currentItem(offsets, 200, 0)).toBe(1);
    expect(currentItem(offsets, 200, 100)).toBe(0);
    expect(currentItem([300, 60], 310, 0)).toBe(0);
  });

  it('writes positions as people read them', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(245.9)).toBe('4:05');
    expect(clockText(3723)).toBe('1:02:03');
  });
});
