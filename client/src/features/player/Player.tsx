import '../../i18n/watch.ts';
import './player.css';
import type { VideoKind } from '@agora/shared';
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { EmbedPlayer } from './EmbedPlayer.tsx';
import type { PlayerHandle } from './player-handle.ts';
import { VideoElementPlayer } from './VideoElementPlayer.tsx';

export type { PlayerHandle };

export type PlayerSource = { kind: VideoKind; url: string; expiresAt?: number | null };

export type PlayerProps = {
  source: PlayerSource;
  /** The video's accessible name (the session's title). */
  title: string;
  /** Live: the session's start, from which a file played as a live stream finds its live edge. */
  live?: { startsAt: number } | null;
  /** Where to open the video (seconds), for a replay resumed or a timeline item. */
  startAt?: number | null;
  /** A signed address expired while playing: the page asks for a new one (the player keeps its place). */
  onExpired?: () => void;
  handleRef?: Ref<PlayerHandle>;
};

/**
 * Plays a session's stream or replay in the page: HLS (the browser's own player or hls.js, loaded
 * only when a playlist is shown), YouTube and Vimeo through their player APIs in their
 * privacy-enhanced modes, or a plain file. What it cannot play becomes a message with the direct
 * link, never a blank frame.
 */
export function Player(props: PlayerProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const { source } = props;
  if (failedUrl === source.url) return <PlayerFallback url={source.url} />;
  const onFailed = () => setFailedUrl(source.url);
  return (
    <div className="player" data-testid="player" data-kind={source.kind}>
      {source.kind === 'youtube' || source.kind === 'vimeo' ? (
        <EmbedPlayer
          kind={source.kind}
          url={source.url}
          title={props.title}
          startAt={props.startAt ?? null}
          onFailed={onFailed}
          handleRef={props.handleRef}
        />
      ) : (
        <VideoElementPlayer
          kind={source.kind}
          url={source.url}
          expiresAt={source.expiresAt ?? null}
          title={props.title}
          live={props.live ?? null}
          startAt={props.startAt ?? null}
          onFailed={onFailed}
          onExpired={props.onExpired}
          handleRef={props.handleRef}
        />
      )}
    </div>
  );
}

/** Instead of a blank frame: why, and the address to open elsewhere (another app, another tab). */
export function PlayerFallback({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <div className="player player-fallback" role="alert" data-testid="player-fallback">
      <p>{t('watch.cannotPlay')}</p>
      <p>
        <a href={url} target="_blank" rel="noopener noreferrer" data-testid="player-direct-link">
          {t('watch.openDirect')}
        </a>
      </p>
    </div>
  );
}
