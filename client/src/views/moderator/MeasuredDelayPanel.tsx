import type { AppErrorBody, MeasuredDelay } from '@agora/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registerAttendanceTranslations } from '../../features/attendance/attendance-i18n.ts';
import { useServerEvent } from '../../realtime/hooks.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';

registerAttendanceTranslations();

/**
 * The remote viewers' measured delay (median, 90th percentile) beside the remote window, and the
 * switch that lets the window follow it. Figures come from `delay:measured` (every few seconds
 * when they change); the switch answers with the figures as they are.
 */
export function MeasuredDelayPanel({ socket, sessionId }: { socket: AgoraSocket | null; sessionId: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const seconds = (n: number | null) =>
    n === null ? '' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(n);
  const [figures, setFigures] = useState<MeasuredDelay | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  /** The switch as clicked, until the server answers (then its answer stands). */
  const [asked, setAsked] = useState<boolean | null>(null);
  useServerEvent(socket, 'delay:measured', (measured) => {
    if (measured.sessionId === sessionId) setFigures(measured);
  });
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
          disabled={!socket}
          data-testid="follow-delay"
          aria-describedby={`${id}-h`}
          onChange={async (e) => {
            if (!socket) return;
            const follow = e.target.checked;
            setAsked(follow);
            const ack = await command(socket, 'session:follow-delay', { sessionId, follow });
            if (ack.ok) {
              setFigures(ack.data);
              setError(null);
            } else setError(ack.error);
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
