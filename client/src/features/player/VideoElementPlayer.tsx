import type HlsType from 'hls.js';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayerHandle } from './player-handle.ts';
import { behindLive, fileLiveEdge, type LiveEdge } from './player-clock.ts';
import { hlsEngine } from './video-source.ts';

type Engine = 'file' | 'native' | 'hls.js';

/** A video that has not shown its first frame after this long gets the direct link under it. */
const SLOW_MS = 20_000;

/** A signed address is asked again when an error comes this close to (or after) its end. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * HLS and plain files in the page's own `<video>`. hls.js (about 150 KB gzip) is imported only
 * when a playlist is shown on a browser that needs it: the join page and a phone playing a file
 * never download it.
 */
export function VideoElementPlayer({
  kind,
  url,
  expiresAt,
  title,
  live,
  startAt,
  onFailed,
  onExpired,
  handleRef,
}: {
  kind: 'hls' | 'file';
  url: string;
  expiresAt: number | null;
  title: string;
  live: { startsAt: number } | null;
  startAt: number | null;
  onFailed: () => void;
  onExpired: (() => void) | undefined;
  handleRef: Ref<PlayerHandle> | undefined;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<HlsType | null>(null);
  const engine = useRef<Engine>(kind === 'file' ? 'file' : 'native');
  // A new address for the same video (a signed one renewed) carries on from where it was.
  const keep = useRef<{ position: number; playing: boolean } | null>(null);
  const [slow, setSlow] = useState(false);
  const [shownEngine, setShownEngine] = useState<Engine | null>(null);

  const failed = useRef(onFailed);
  const expired = useRef(onExpired);
  useEffect(() => {
    failed.current = onFailed;
    expired.current = onExpired;
  });

  const failOrRenew = () => {
    const v = video.current;
    if (expiresAt !== null && Date.now() > expiresAt - EXPIRY_MARGIN_MS && expired.current) {
      if (v) keep.current = { position: v.currentTime, playing: !v.paused };
      expired.current();
    } else failed.current();
  };
  const failRef = useRef(failOrRenew);
  useEffect(() => {
    failRef.current = failOrRenew;
  });

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    let active = true;
    const choose = (e: Engine) => {
      engine.current = e;
      setShownEngine(e);
    };
    const timer = setTimeout(() => setSlow(v.readyState < 2), SLOW_MS);
    const attach = async () => {
      if (kind === 'file') {
        choose('file');
        v.src = url;
        return;
      }
      const caps = {
        nativeHls: v.canPlayType('application/vnd.apple.mpegurl') !== '',
        mediaSource: typeof window.MediaSource === 'function',
      };
      const choice = hlsEngine(caps);
      if (choice === 'none') return failRef.current();
      if (choice === 'native') {
        choose('native');
        v.src = url;
        return;
      }
      const { default: Hls } = await import('hls.js');
      if (!active) return;
      if (!Hls.isSupported()) {
        if (!caps.nativeHls) return failRef.current();
        choose('native');
        v.src = url;
        return;
      }
      choose('hls.js');
      // No worker: it would be built from a blob: address, which the page's CSP does not allow.
      const h = new Hls({ enableWorker: false });
      hls.current = h;
      let recovered = false;
      h.on(Hls.Events.ERROR, (_event, data) => {
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
          recovered = true;
          h.recoverMediaError();
          return;
        }
        failRef.current();
      });
      h.loadSource(url);
      h.attachMedia(v);
    };
    void attach().catch(() => failRef.current());
    return () => {
      active = false;
      clearTimeout(timer);
      setSlow(false);
      hls.current?.destroy();
      hls.current = null;
      v.removeAttribute('src');
      v.load();
    };
  }, [kind, url]);

  const onLoadedMetadata = () => {
    const v = video.current;
    if (!v) return;
    const kept = keep.current;
    keep.current = null;
    if (kept) {
      v.currentTime = kept.position;
      if (kept.playing) void v.play().catch(() => {});
    } else if (startAt !== null) v.currentTime = startAt;
    else if (live && engine.current === 'file') {
      const edge = fileLiveEdge(live.startsAt, Date.now(), v.duration);
      if (edge !== null) v.currentTime = edge;
    }
  };

  useImperativeHandle(
    handleRef,
    () => ({
      seek(seconds: number) {
        const v = video.current;
        if (v) v.currentTime = seconds;
      },
      snapshot() {
        const v = video.current;
        if (!v) return { position: 0, playing: false, behindLive: null };
        const position = v.currentTime;
        const playing = !v.paused && !v.ended;
        if (!live) return { position, playing, behindLive: null };
        return {
          position,
          playing,
          behindLive: behindLive(liveEdgeOf(engine.current, v, hls.current, live)),
        };
      },
    }),
    [live],
  );

  return (
    <>
      <video
        ref={video}
        className="player-video"
        controls
        playsInline
        loop={live !== null && kind === 'file'}
        preload="metadata"
        aria-label={title}
        data-testid="player-video"
        data-engine={shownEngine ?? undefined}
        onLoadedMetadata={onLoadedMetadata}
        onLoadedData={() => setSlow(false)}
        onError={() => {
          // hls.js reports its own errors; the element's own then follow from a detached source.
          if (engine.current !== 'hls.js') failRef.current();
        }}
      />
      {slow && (
        <p className="player-slow muted small" role="status" data-testid="player-slow">
          {t('watch.slow')}{' '}
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t('watch.openDirect')}
          </a>
        </p>
      )}
    </>
  );
}

function liveEdgeOf(
  engine: Engine,
  v: HTMLVideoElement,
  h: HlsType | null,
  live: { startsAt: number },
): LiveEdge {
  const position = v.currentTime;
  if (engine === 'hls.js' && h) {
    return {
      engine,
      latency: h.latency > 0 ? h.latency : null,
      liveSyncPosition: h.liveSyncPosition,
      position,
    };
  }
  if (engine === 'file') {
    return { engine, startsAt: live.startsAt, now: Date.now(), duration: v.duration, position };
  }
  const end = v.seekable.length > 0 ? v.seekable.end(v.seekable.length - 1) : null;
  return { engine: 'native', seekableEnd: end, position };
}
