import { commands, type AppErrorBody } from '@agora/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSend } from '../../realtime/session-store.ts';
import type { Presence } from '../../state/interactions.state.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';

/** The session's remote stream delay and who is connected, for the console's side column. */
export function HybridSettings({
  sessionId,
  delay: current,
  connected,
  send,
}: {
  sessionId: string;
  /** The live state's delay, seconds. */
  delay: number;
  connected: Presence | null;
  send: SessionSend;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState<string | null>(null);
  /** Kept as a fact, not a sentence: said in the language of the moment. */
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  // An emptied field is no number (Number('') is 0: Enter applied a delay of 0 s mid-typing).
  const seconds = value !== null && value.trim() === '' ? NaN : Number(value ?? current);
  // The command's own schema decides, so the range lives in one place.
  const range = commands['session:set-delay'].input.shape.remoteDelaySeconds;
  const valid = range.safeParse(seconds).success;
  // A number typed out of range: the button is disabled, and the reason said (an empty field is mid-typing).
  const outOfRange = value !== null && value.trim() !== '' && !valid;
  return (
    <section className="card hybrid-settings" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="card-title">
        {t('manage.delay')}
      </h2>
      <form
        className="delay-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid) return;
          const ack = await send('session:set-delay', { sessionId, remoteDelaySeconds: seconds });
          if (ack.ok) {
            setValue(null);
            setSaved(true);
            setError(null);
          } else setError(ack.error);
        }}
      >
        <label htmlFor={`${id}-d`} className="sr-only">
          {t('manage.delay')}
        </label>
        <input
          id={`${id}-d`}
          type="number"
          min={0}
          max={300}
          value={value ?? String(current)}
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
          aria-describedby={`${id}-h`}
          data-testid="delay-input"
        />
        <span>{t('manage.delayUnit')}</span>
        <button
          type="submit"
          className="button"
          disabled={!valid || seconds === current}
          data-testid="delay-apply"
        >
          {t('manage.delayApply')}
        </button>
      </form>
      {outOfRange && (
        <p className="error" role="alert" data-testid="delay-range">
          {t('manage.delayRange', { min: range.minValue ?? 0, max: range.maxValue })}
        </p>
      )}
      <p id={`${id}-h`} className="muted small">
        {t('manage.delayHint')}
      </p>
      {saved && (
        <p className="notice" role="status">
          {t('manage.delaySaved')}
        </p>
      )}
      <ErrorMessage error={error} />
      {connected && (
        <p className="small" data-testid="presence">
          {t('manage.connected', connected)}
        </p>
      )}
    </section>
  );
}
