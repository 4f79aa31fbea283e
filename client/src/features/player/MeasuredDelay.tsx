import '../../i18n/watch.ts';
import type { AppErrorBody, MeasuredDelay as Measured } from '@agora/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerEvent } from '../../realtime/hooks.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';

/**
 * For the moderator, beside the remote window: how far behind the hall the remote viewers actually
 * are (median and 90th percentile of what their players measure), and the choice to let the window
 * follow it by itself.
 */
export function MeasuredDelayPanel({ socket, sessionId }: { socket: AgoraSocket; sessionId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [measured, setMeasured] = useState<Measured | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  useServerEvent(socket, 'delay:measured', (m) => {
    if (m.sessionId === sessionId) setMeasured(m);
  });

  const follow = async (on: boolean) => {
    setBusy(true);
    const ack = await command(socket, 'session:follow-delay', { sessionId, follow: on });
    setBusy(false);
    if (ack.ok) {
      setMeasured(ack.data);
      setError(null);
    } else setError(ack.error);
  };

  const known = measured && measured.medianSeconds !== null && measured.viewers > 0;
  return (
    <section className="card measured-delay" aria-labelledby={`${id}-t`} data-testid="measured-delay">
      <h2 id={`${id}-t`} className="card-title">
        {t('watch.measuredTitle')}
      </h2>
      <p role="status" data-testid="measured-delay-values">
        {known
          ? t('watch.measured', {
              median: Math.round(measured.medianSeconds ?? 0),
              p90: Math.round(measured.p90Seconds ?? measured.medianSeconds ?? 0),
              count: measured.viewers,
            })
          : t('watch.measuredNone')}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={measured?.follow ?? false}
          disabled={busy}
          onChange={(e) => void follow(e.target.checked)}
          data-testid="follow-delay"
        />{' '}
        {t('watch.follow')}
      </label>
      <p className="muted small">{t('watch.followHint')}</p>
      <ErrorMessage error={error} />
    </section>
  );
}
