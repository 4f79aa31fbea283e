import '../../i18n/watch.ts';
import type { Ack, ProgrammeSession, SessionWatch } from '@agora/shared';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgoraSocket } from '../../realtime/socket.ts';
import { paths } from '../../router.ts';
import { formatDay, formatTime } from '../../ui/format.ts';
import { Link } from '../../ui/Link.tsx';
import { Player, type PlayerHandle } from './Player.tsx';
import { resumePosition } from './player-clock.ts';
import { useWatchBeat } from './use-watch-beat.ts';

/** Whether the answer has something to play now (a live stream, announced or running, or a replay). */
export function playable(watch: Ack<SessionWatch> | null): boolean {
  return watch?.ok === true && (watch.data.replay !== null || watch.data.live !== null);
}

/**
 * The session room's video: the live stream while the session runs, its replay after; otherwise
 * why there is nothing to watch. Sends the heartbeats while it is shown (attendance, resume point,
 * measured delay).
 */
export function SessionPlayer({
  slug,
  session,
  watch,
  renew,
  socket,
  timeZone,
}: {
  slug: string;
  session: Pick<ProgrammeSession, 'id' | 'title' | 'startsAt' | 'endsAt'>;
  watch: Ack<SessionWatch> | null;
  renew: () => void;
  socket: AgoraSocket;
  timeZone: string;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const player = useRef<PlayerHandle>(null);
  const w = watch?.ok ? watch.data : null;
  const mode = w?.availability === 'live' ? 'live' : w?.availability === 'replay' ? 'replay' : null;
  useWatchBeat(socket, session.id, mode, player);

  const source = w?.availability === 'replay' ? w.replay : (w?.live ?? null);
  return (
    <section className="session-player" aria-labelledby={`${id}-title`} data-testid="session-player">
      <h2 id={`${id}-title`} className="sr-only">
        {t('watch.player')}
      </h2>
      {watch === null ? (
        <p className="player player-message muted">{t('app.loading')}</p>
      ) : !w ? (
        <p className="player player-message" role="status">
          {t('watch.cannotPlay')}
        </p>
      ) : source ? (
        <>
          <Player
            source={source}
            title={session.title}
            live={mode === 'replay' ? null : { startsAt: session.startsAt }}
            startAt={mode === 'replay' ? resumePosition(w.resumeAtSeconds, w.videoStartOffsetSeconds) : null}
            onExpired={renew}
            handleRef={player}
          />
          {w.availability === 'upcoming' && (
            <p className="muted small">
              {t('watch.upcoming', { time: formatTime(session.startsAt, i18n.language, timeZone) })}
            </p>
          )}
          {mode === 'replay' && (
            <p className="small">
              <Link href={paths.replay(slug, session.id)} data-testid="open-replay">
                {t('watch.watchReplay')}
              </Link>
            </p>
          )}
        </>
      ) : (
        <WhyNot watch={w} timeZone={timeZone} startsAt={session.startsAt} />
      )}
    </section>
  );
}

/** The page's answer when there is nothing to play: before, after, or no video at all. */
export function WhyNot({
  watch,
  timeZone,
  startsAt,
}: {
  watch: SessionWatch;
  timeZone: string;
  startsAt: number;
}) {
  const { t, i18n } = useTranslation();
  const text = (() => {
    switch (watch.availability) {
      case 'upcoming':
        return t('watch.upcoming', { time: formatTime(startsAt, i18n.language, timeZone) });
      case 'replay-pending':
        return t('watch.replayPending');
      case 'not-yet':
        return t('watch.notYet');
      case 'no-longer':
        return t('watch.noLonger', { date: formatDay(watch.replayUntil, i18n.language) });
      default:
        return t('watch.none');
    }
  })();
  return (
    <p
      className="notice watch-unavailable"
      role="status"
      data-testid="watch-unavailable"
      data-availability={watch.availability}
    >
      {text}
    </p>
  );
}
