import '../../i18n/watch.ts';
import '../../features/player/player.css';
import type { Programme, Role, ProgrammeSession } from '@agora/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../router.ts';
import { formatTime } from '../../ui/format.ts';
import { Link } from '../../ui/Link.tsx';
import { nowAndNext, otherWallClock, viewerTimeZone } from './now-next.ts';
import { UserText } from '../../ui/UserText.tsx';

/** « 09:30–10:30 », and the viewer's own times under it when their clock reads otherwise. */
export function SessionTimes({
  session,
  timeZone,
  suffix = '',
}: {
  session: Pick<ProgrammeSession, 'startsAt' | 'endsAt'>;
  timeZone: string;
  /** Written right after the edition's times (the room), before the viewer's own. */
  suffix?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const viewer = viewerTimeZone();
  const range = (tz: string | undefined) =>
    `${formatTime(session.startsAt, lang, tz)}–${formatTime(session.endsAt, lang, tz)}`;
  return (
    <>
      <time dateTime={new Date(session.startsAt).toISOString()}>{range(timeZone)}</time>
      {suffix}
      {viewer && otherWallClock(session.startsAt, timeZone, viewer) && (
        <span className="other-time" data-testid="viewer-time">
          {t('watch.yourTime', { time: range(viewer) })}
        </span>
      )}
    </>
  );
}

/** The top of the programme: what is live now and what comes next, each a link into its room. */
export function NowNext({
  programme,
  held,
  now,
}: {
  programme: Programme;
  held: ReadonlySet<Role>;
  now: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { live, next } = nowAndNext(programme.sessions, now);
  if (live.length === 0 && next.length === 0) return null;
  const slug = programme.edition.slug;
  const tz = programme.edition.timeZone;
  const block = (key: 'liveNow' | 'next', list: ProgrammeSession[]) =>
    list.length > 0 && (
      <section aria-labelledby={`${id}-${key}`} className="card" data-testid={`programme-${key}`}>
        <h2 id={`${id}-${key}`}>
          {key === 'liveNow' ? <span className="badge live">{t('watch.liveNow')}</span> : t('watch.next')}
        </h2>
        <ul className="plain-list">
          {list.map((s) => (
            <li key={s.id} data-session-id={s.id}>
              <p className="session-title">
                {held.has('participant') ? (
                  <Link href={paths.session(slug, s.id)}>
                    <UserText text={s.title} />
                  </Link>
                ) : (
                  <UserText text={s.title} />
                )}
              </p>
              <p className="muted small">
                <SessionTimes session={s} timeZone={tz} suffix={s.room ? ` · ${s.room}` : ''} />
              </p>
            </li>
          ))}
        </ul>
      </section>
    );
  return (
    <div className="now-next">
      {block('liveNow', live)}
      {block('next', next)}
    </div>
  );
}
