import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { textRules } from '../../ui/length-limit.ts';
import { LengthCount, LengthMessage, useLengthLimit } from '../../ui/LengthLimit.tsx';

/**
 * How long « Question envoyée » stays: long enough to be read, gone before the next question. Its
 * line stays, empty, until the person is back at the form: what follows the form (their questions,
 * the list and its vote buttons) must not move up under a thumb by itself.
 */
export const SENT_NOTICE_MS = 5_000;

/** The participant's question form: counter, anonymous choice; sending goes through the outbox. */
export function AskForm({
  onAsk,
  offline,
}: {
  onAsk: (text: string, anonymous: boolean) => void;
  offline: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  // A new object per send, so a second question restarts the timer.
  const [notice, setNotice] = useState<{ text: string; read?: boolean } | null>(null);
  // Counted as the server counts (trimmed), so what the counter shows is what is judged.
  const limit = useLengthLimit(text, textRules.question, { alwaysCount: true });
  const canSend = limit.length > 0 && limit.fits;

  useEffect(() => {
    if (!notice || notice.read) return;
    const timer = setTimeout(() => setNotice({ ...notice, read: true }), SENT_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSend) return;
    onAsk(limit.value, anonymous);
    setText('');
    setNotice({ text: offline ? t('audience.sentOffline') : t('audience.sent') });
  };

  return (
    <form className="ask-form card" onSubmit={submit} data-testid="ask-form">
      <h2 className="card-title">{t('audience.askTitle')}</h2>
      <label htmlFor={`${id}-text`} className="sr-only">
        {t('audience.askLabel')}
      </label>
      {/* No maxLength: it would cut a pasted question mid-word without a word; the counter refuses instead. */}
      <textarea
        id={`${id}-text`}
        value={text}
        rows={3}
        placeholder={t('audience.askPlaceholder')}
        aria-describedby={limit.describedBy}
        aria-invalid={limit.over > 0}
        onChange={(e) => {
          setText(e.target.value);
          setNotice(null);
        }}
        onFocus={() => {
          if (notice?.read) setNotice(null);
        }}
        data-testid="ask-text"
      />
      <div className="ask-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={anonymous}
            onChange={(e) => setAnonymous(e.target.checked)}
            data-testid="ask-anonymous"
          />
          {t('audience.anonymous')}
        </label>
        <LengthCount limit={limit} testId="ask-count" />
      </div>
      <LengthMessage limit={limit} testId="ask-too-long" messageKey="audience.tooLong" />
      <button type="submit" className="button primary" disabled={!canSend} data-testid="ask-submit">
        {t('audience.submit')}
      </button>
      {notice && (
        <p className="notice" role="status" data-testid="ask-sent" data-read={notice.read ?? false}>
          {notice.text}
        </p>
      )}
    </form>
  );
}
