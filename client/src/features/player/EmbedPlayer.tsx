import type VimeoPlayer from '@vimeo/player';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { PlayerHandle } from './player-handle.ts';
import { embedUrl } from './video-source.ts';
import { loadYouTubeApi, type YouTubePlayer } from './youtube-api.ts';

type Controls = {
  seek(seconds: number): void;
  position(): number;
  playing(): boolean;
  destroy(): void;
};

/** How long the provider's player has to answer before the direct link replaces it. */
const READY_TIMEOUT_MS = 15_000;

/** YouTube's player states that count as playing: playing (1) and buffering while playing (3). */
const YT_PLAYING = new Set([1, 3]);

/**
 * A YouTube or Vimeo video in its privacy-enhanced embed, driven through the provider's player API
 * (seek, position, state). A video the provider refuses (removed, private, embedding disabled)
 * becomes the fallback with the direct link. Neither tells its distance from the live edge.
 */
export function EmbedPlayer({
  kind,
  url,
  title,
  startAt,
  onFailed,
  handleRef,
}: {
  kind: 'youtube' | 'vimeo';
  url: string;
  title: string;
  startAt: number | null;
  onFailed: () => void;
  handleRef: Ref<PlayerHandle> | undefined;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const controls = useRef<Controls | null>(null);
  const failed = useRef(onFailed);
  const start = useRef(startAt);
  useEffect(() => {
    failed.current = onFailed;
  });
  const src = embedUrl(kind, url, window.location.origin);

  useEffect(() => {
    const iframe = frame.current;
    if (!iframe || !src) return;
    let active = true;
    const fail = () => {
      if (active) failed.current();
    };
    // A provider that never answers (offline, blocked by a network filter) leaves an empty frame.
    const timer = setTimeout(fail, READY_TIMEOUT_MS);
    const attached = kind === 'youtube' ? attachYouTube(iframe, fail) : attachVimeo(iframe, fail);
    void attached.then(
      (c) => {
        clearTimeout(timer);
        if (!active) return c.destroy();
        controls.current = c;
        if (start.current !== null) c.seek(start.current);
      },
      () => {
        clearTimeout(timer);
        fail();
      },
    );
    return () => {
      active = false;
      clearTimeout(timer);
      controls.current?.destroy();
      controls.current = null;
    };
  }, [kind, src]);

  useEffect(() => {
    if (!src) failed.current();
  }, [src]);

  useImperativeHandle(
    handleRef,
    () => ({
      seek: (seconds: number) => controls.current?.seek(seconds),
      snapshot: () => ({
        position: controls.current?.position() ?? 0,
        playing: controls.current?.playing() ?? false,
        behindLive: null,
      }),
    }),
    [],
  );

  if (!src) return null;
  return (
    <iframe
      ref={frame}
      className="player-embed"
      src={src}
      title={title}
      allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
      allowFullScreen
      referrerPolicy="strict-origin-when-cross-origin"
      data-testid="player-embed"
    />
  );
}

async function attachYouTube(iframe: HTMLIFrameElement, onFailed: () => void): Promise<Controls> {
  const YT = await loadYouTubeApi();
  return new Promise((resolve) => {
    const player: YouTubePlayer = new YT.Player(iframe, {
      events: {
        onReady: () =>
          resolve({
            seek: (s) => player.seekTo(s, true),
            position: () => player.getCurrentTime(),
            playing: () => YT_PLAYING.has(player.getPlayerState()),
            // The iframe is React's: the API's destroy would remove it from the page.
            destroy: () => {},
          }),
        // 2 bad id, 5 HTML5 error, 100 removed or private, 101/150 embedding refused.
        onError: () => onFailed(),
      },
    });
  });
}

async function attachVimeo(iframe: HTMLIFrameElement, onFailed: () => void): Promise<Controls> {
  const { default: Player } = await import('@vimeo/player');
  const player: VimeoPlayer = new Player(iframe);
  let position = 0;
  let playing = false;
  player.on('timeupdate', (data) => {
    position = data.seconds;
  });
  player.on('play', () => {
    playing = true;
  });
  player.on('pause', () => {
    playing = false;
  });
  player.on('ended', () => {
    playing = false;
  });
  player.on('error', () => onFailed());
  await player.ready().catch((error: unknown) => {
    onFailed();
    throw error;
  });
  return {
    seek: (s) => {
      position = s;
      void player.setCurrentTime(s).catch(() => {});
    },
    position: () => position,
    playing: () => playing,
    destroy: () => {
      player.off('timeupdate');
      player.off('play');
      player.off('pause');
      player.off('ended');
      player.off('error');
    },
  };
}
