import type { VideoKind } from '@agora/shared';

/**
 * Which player an address needs, read from the address alone (the organizer's preview has only the
 * link; the server says the kind itself in `VideoSource`). Null when it is no address we can play.
 */
export function detectKind(url: string): VideoKind | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (youtubeId(url)) return 'youtube';
  if (vimeoId(url)) return 'vimeo';
  const path = parsed.pathname.toLowerCase();
  if (path.endsWith('.m3u8')) return 'hls';
  if (/\.(mp4|m4v|webm|ogv|mov)$/.test(path)) return 'file';
  return null;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/** The video id of a YouTube address (watch, youtu.be, live, embed, shorts), or null. */
export function youtubeId(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const host = u.hostname.replace(/^(www|m)\./, '');
  let id: string | null = null;
  if (host === 'youtu.be') id = u.pathname.slice(1).split('/')[0] ?? null;
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const [first, second] = u.pathname.split('/').filter(Boolean);
    if (first === 'watch') id = u.searchParams.get('v');
    else if (first === 'embed' || first === 'live' || first === 'shorts') id = second ?? null;
  }
  return id && YOUTUBE_ID.test(id) ? id : null;
}

/**
 * The video id (and private link hash, if any) of a Vimeo address, or null. A live event's address
 * (`vimeo.com/event/<id>`) is null: its number is no video's, it embeds elsewhere and its player API
 * is not documented, so the player offers the event's own page (an organizer wanting it inside the
 * app gives the event's HLS link).
 */
export function vimeoId(url: string): { id: string; hash: string | null } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const host = u.hostname.replace(/^www\./, '');
  if (host !== 'vimeo.com' && host !== 'player.vimeo.com') return null;
  const parts = u.pathname.split('/').filter(Boolean);
  if (parts[0] === 'event') return null;
  const at = parts.findIndex((p) => /^\d{4,12}$/.test(p));
  const id = at >= 0 ? parts[at] : undefined;
  if (!id) return null;
  const next = parts[at + 1];
  const hash = u.searchParams.get('h') ?? (next && /^[0-9a-f]{6,20}$/.test(next) ? next : null);
  return { id, hash };
}

/**
 * The privacy-enhanced embed address: youtube-nocookie.com with the IFrame API on (`enablejsapi`,
 * our `origin` so its messages reach only this page), or Vimeo's player with Do Not Track (`dnt=1`:
 * no cookies, no statistics on the viewer).
 */
export function embedUrl(kind: 'youtube' | 'vimeo', url: string, origin: string): string | null {
  if (kind === 'youtube') {
    const id = youtubeId(url);
    if (!id) return null;
    const q = new URLSearchParams({ enablejsapi: '1', origin, playsinline: '1', rel: '0' });
    return `https://www.youtube-nocookie.com/embed/${id}?${q.toString()}`;
  }
  const v = vimeoId(url);
  if (!v) return null;
  const q = new URLSearchParams({ dnt: '1', playsinline: '1' });
  if (v.hash) q.set('h', v.hash);
  return `https://player.vimeo.com/video/${v.id}?${q.toString()}`;
}

/** What the browser offers for HLS: its own player, and Media Source Extensions for hls.js. */
export type HlsCapabilities = { nativeHls: boolean; mediaSource: boolean };

/**
 * Which engine plays an HLS playlist. The browser's own where it has nothing else (iPhone Safari:
 * no MediaSource, native HLS); hls.js wherever MediaSource exists, because it tells the distance
 * from the live edge (`latency`) the measured delay needs and behaves the same on every desktop
 * browser (Chromium's native HLS, new in 2025, answers only « maybe »); the native player again
 * where hls.js cannot run; none where neither exists (the player then shows the direct link).
 */
export function hlsEngine(caps: HlsCapabilities): 'native' | 'hls.js' | 'none' {
  if (caps.nativeHls && !caps.mediaSource) return 'native';
  if (caps.mediaSource) return 'hls.js';
  return 'none';
}
