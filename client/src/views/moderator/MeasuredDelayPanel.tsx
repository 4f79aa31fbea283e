import type { AppErrorBody, MeasuredDelay } from '@agora/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registerAttendanceTranslations } from '../../features/attendance/attendance-i18n.ts';
import type { SessionSend } from '../../realtime/session-store.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';

registerAttendanceTranslations();

/**
 * The remote viewers' measured delay (median, 90th percentile) beside the remote window, and the
 * switch that lets the window follow it. Figures come with the moderator's snapshot, then from
 * `delay:measured` (every few seconds when they change) through the session's state; the switch
 * answers with the figures as they are. `figures` is null until the snapshot came.
 */
export function MeasuredDelayPanel({
  sessionId,
  figures,
  send,
}: {
  sessionId: string;
  figures: MeasuredDelay | null;
  send: SessionSend;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const seconds = (n: number | null) =>
    n === null ? '' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(n);
  const [error, setError] = useState<AppErrorBody | null>(null);
  /** The switch as clicked, until the server answers (then its answer stands). */
  const [asked, setAsked] = useState<boolean | null>(null);
  const measured = figures && figures.viewers > 0 && figures.medianSeconds !== null;
  return (
    <section className="card measured-delay" aria-labelledby={`${id}-t`} data-testid="measured-delay">
      <h2 id={`${id}-t`} className="card-title">
        {t('attendance.delay.title')}
      </h2>
      <p className="small" role="status" data-testid="measured-delay-figures">
        {measured
          ? t('attendance.delay.figures', {
              count: figures.viewers,
              median: seconds(figures.medianSeconds),
              p90: seconds(figures.p90Seconds),
            })
          : t('attendance.delay.none')}
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={asked ?? figures?.follow ?? false}
          disabled={!figures}
          data-testid="follow-delay"
          aria-describedby={`${id}-h`}
          onChange={async (e) => {
            const follow = e.target.checked;
            setAsked(follow);
            const ack = await send('session:follow-delay', { sessionId, follow });
            setError(ack.ok ? null : ack.error);
            setAsked(null);
          }}
        />{' '}
        {t('attendance.delay.follow')}
      </label>
      <p id={`${id}-h`} className="muted small">
        {t('attendance.delay.followHint')}
      </p>
      <ErrorMessage error={error} />
    </section>
  );
}
