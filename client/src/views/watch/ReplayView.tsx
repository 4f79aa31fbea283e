import '../../i18n/watch.ts';
import '../../features/player/player.css';
import type {
  Me,
  Programme,
  ReplayTimeline as Timeline,
  ProgrammeSession,
  TimelineItem,
} from '@agora/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { watchApi } from '../../api/watch.ts';
import { Player, type PlayerHandle } from '../../features/player/Player.tsx';
import { currentItem, resumePosition, seekTarget } from '../../features/player/player-clock.ts';
import { WhyNot } from '../../features/player/SessionPlayer.tsx';
import { useSessionWatch } from '../../features/player/use-session-watch.ts';
import { useWatchBeat } from '../../features/player/use-watch-beat.ts';
import { getSocket } from '../../realtime/socket.ts';
import { paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { formatDay, formatTime } from '../../ui/format.ts';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { SessionGate } from '../SessionGate.tsx';
import { ReplayTimeline } from './ReplayTimeline.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { answerAgain } from '../../api/ask-again.ts';

const ROLES = ['participant', 'moderator'] as const;

/** How often the highlighted timeline item follows the video. */
const FOLLOW_MS = 1_000;

/** A session's replay: the player, and beside it the timeline of what was on screen, each moment a seek. */
export function ReplayView({ slug, sessionId }: { slug: string; sessionId: string }) {
  return (
    <SessionGate slug={slug} sessionId={sessionId} roles={ROLES}>
      {(ctx) => <Replay me={ctx.me} programme={ctx.programme} session={ctx.session} />}
    </SessionGate>
  );
}

function Replay({ me, programme, session }: { me: Me; programme: Programme; session: ProgrammeSession }) {
  const { t, i18n } = useTranslation();
  const { edition } = programme;
  const { watch, renew } = useSessionWatch(edition.slug, session.id, me.role, session);
  const w = watch?.ok ? watch.data : null;
  const available = w?.availability === 'replay' && w.replay !== null;
  const timeline = useAsync(
    () => (available ? watchApi.replayTimeline(edition.slug, session.id, me.role) : Promise.resolve(null)),
    [edition.slug, session.id, me.role, available],
    answerAgain,
  );
  const player = useRef<PlayerHandle>(null);
  const playerBox = useRef<HTMLDivElement>(null);
  useWatchBeat(getSocket(me.role), session.id, available ? 'replay' : null, player);

  const tl: Timeline | null = timeline.kind === 'done' && timeline.value?.ok ? timeline.value.data : null;
  const active = useActiveItem(tl, player);
  const seek = (item: TimelineItem) => {
    if (!tl) return;
    player.current?.seek(seekTarget(item.offsetSeconds, tl.videoStartOffsetSeconds));
    playerBox.current?.scrollIntoView({ block: 'nearest' });
  };

  const tz = edition.timeZone;
  return (
    <>
      <Header title={edition.name} home={paths.programme(edition.slug)} />
      <main id="main" className="page wide replay-page">
        <p className="back">
          <Link href={paths.replays(edition.slug)}>{t('watch.catalogue')}</Link> ·{' '}
          <Link href={paths.programme(edition.slug)}>{t('app.backToProgramme')}</Link>
        </p>
        <header className="session-head">
          <span className="badge">{t('watch.replay')}</span>{' '}
          <span className={`badge kind-${session.kind}`}>{t(`programme.${session.kind}`)}</span>
          <h1 data-testid="replay-title">
            <UserText text={session.title} />
          </h1>
          <p className="muted small">
            {formatDay(session.startsAt, i18n.language, tz)} ·{' '}
            {formatTime(session.startsAt, i18n.language, tz)}–{formatTime(session.endsAt, i18n.language, tz)}
          </p>
        </header>
        {watch === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : !watch.ok ? (
          <ErrorMessage error={watch.error} />
        ) : available && w.replay ? (
          <div className="watch-layout">
            <div className="watch-main" ref={playerBox}>
              <Player
                source={w.replay}
                title={session.title}
                startAt={resumePosition(w.resumeAtSeconds, w.videoStartOffsetSeconds)}
                onExpired={renew}
                handleRef={player}
              />
              <p className="muted small">
                {t('watch.replayUntil', { date: formatDay(w.replayUntil, i18n.language) })}
              </p>
            </div>
            <div className="watch-side">
              {timeline.kind === 'loading' ? (
                <p className="muted">{t('app.loading')}</p>
              ) : tl ? (
                <ReplayTimeline items={tl.items} active={active} onSeek={seek} />
              ) : (
                <ErrorMessage
                  error={timeline.value && !timeline.value.ok ? timeline.value.error : null}
                  retrying
                />
              )}
            </div>
          </div>
        ) : (
          w && <WhyNot watch={w} timeZone={tz} startsAt={session.startsAt} />
        )}
      </main>
    </>
  );
}

/** The timeline item the video is at, looked at every second. */
function useActiveItem(tl: Timeline | null, player: React.RefObject<PlayerHandle | null>): number | null {
  const [active, setActive] = useState<number | null>(null);
  useEffect(() => {
    if (!tl) return;
    const offsets = tl.items.map((i) => i.offsetSeconds);
    const timer = setInterval(() => {
      const position = player.current?.snapshot().position;
      if (position !== undefined) setActive(currentItem(offsets, position, tl.videoStartOffsetSeconds));
    }, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [tl, player]);
  return active;
}
