import type { OrganizerEdition } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../ui/UserText.tsx';
import { formatTime } from '../../ui/format.ts';
import { OrgError, TabLoading } from './ui.tsx';
import { useCall } from './use-call.ts';

/** How often the overview is asked again. */
const REFRESH_MS = 5000;
/** From this many questions waiting, a session needs help with moderation. */
const BUSY_QUEUE = 10;

/** During the event: per session, who is connected, what waits in moderation, what is open. */
export function LiveTab({ edition }: { edition: OrganizerEdition }) {
  const { t, i18n } = useTranslation();
  const { result } = useCall('overview', { params: { slug: edition.slug } }, REFRESH_MS);
  if (!result) return <TabLoading />;
  if (!result.ok) return <OrgError error={result.error} />;
  const { at, sessions } = result.data;
  const tz = edition.timeZone;
  const total = sessions.reduce(
    (sum, s) => ({
      onsite: sum.onsite + s.connected.onsite,
      remote: sum.remote + s.connected.remote,
      pending: sum.pending + s.pendingQuestions,
      active: sum.active + s.active.length,
    }),
    { onsite: 0, remote: 0, pending: 0, active: 0 },
  );
  // Sessions running now first, then the next ones, then those already over.
  const rank = (s: (typeof sessions)[number]) =>
    s.startsAt <= at && at < s.endsAt ? 0 : s.startsAt > at ? 1 : 2;
  const ordered = [...sessions].sort((a, b) => rank(a) - rank(b) || a.startsAt - b.startsAt);

  return (
    <div className="org-live" data-testid="overview">
      <div className="org-title-row">
        <h2>{t('organizer.live.title')}</h2>
        <p className="muted small" role="status" data-testid="overview-at">
          {t('organizer.live.updated', {
            time: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(at),
          })}
        </p>
      </div>
      <ul className="org-stats big">
        <li>
          <strong>{total.onsite}</strong> {t('organizer.live.onsiteCount', { count: total.onsite })}
        </li>
        <li>
          <strong>{total.remote}</strong> {t('organizer.live.remoteCount', { count: total.remote })}
        </li>
        <li className={total.pending >= BUSY_QUEUE ? 'stat-bad' : ''}>
          <strong>{total.pending}</strong> {t('organizer.live.pendingCount', { count: total.pending })}
        </li>
        <li>
          <strong>{total.active}</strong> {t('organizer.live.activeCount', { count: total.active })}
        </li>
      </ul>
      <div className="org-table-wrap">
        <table className="org-table org-live-table">
          <thead>
            <tr>
              <th scope="col">{t('organizer.live.session')}</th>
              <th scope="col" className="num">
                {t('organizer.live.onsite')}
              </th>
              <th scope="col" className="num">
                {t('organizer.live.remote')}
              </th>
              <th scope="col" className="num">
                {t('organizer.live.pending')}
              </th>
              <th scope="col">{t('organizer.live.active')}</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((s) => {
              const now = s.startsAt <= at && at < s.endsAt;
              return (
                <tr
                  key={s.sessionId}
                  className={now ? 'is-now' : s.endsAt <= at ? 'is-past' : ''}
                  data-testid="overview-row"
                  data-session-id={s.sessionId}
                >
                  <th scope="row">
                    <span className="muted small">
                      {formatTime(s.startsAt, i18n.language, tz)}–{formatTime(s.endsAt, i18n.language, tz)}
                      {s.room && ` · ${s.room}`}
                    </span>{' '}
                    <span className={`badge kind-${s.kind}`}>{t(`programme.${s.kind}`)}</span>{' '}
                    {now && <span className="badge live">{t('programme.live')}</span>}
                    <span className="org-live-title">
                      <UserText text={s.title} />
                    </span>
                  </th>
                  <td className="num" data-testid="overview-onsite">
                    {s.connected.onsite}
                  </td>
                  <td className="num" data-testid="overview-remote">
                    {s.connected.remote}
                  </td>
                  <td className="num" data-testid="overview-pending">
                    <span className={s.pendingQuestions >= BUSY_QUEUE ? 'badge status-rejected' : ''}>
                      {s.pendingQuestions}
                    </span>
                  </td>
                  <td>
                    {s.active.length === 0 && <span className="muted">—</span>}
                    {s.active.map((a) => (
                      <span key={a.id} className="badge status-approved org-active">
                        {t(`organizer.live.${a.kind}`)} · <UserText text={a.title} />
                        {a.status === 'closing' && ` (${t('organizer.live.closing')})`}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="field-hint">{t('organizer.live.hint')}</p>
    </div>
  );
}
