import { limits } from '@agora/shared';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** How long « Question envoyée » stays: long enough to be read, gone before the next question. */
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
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  // The server counts the trimmed text; so does the counter, so what it shows is what is judged.
  const trimmed = text.trim();
  const length = trimmed.length;
  const tooShort = length > 0 && length < limits.questionMinLength;
  const over = length - limits.questionMaxLength;
  const remaining = limits.questionMaxLength - length;

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), SENT_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (length < limits.questionMinLength || over > 0) return;
    onAsk(trimmed, anonymous);
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
        aria-describedby={`${id}-count${over > 0 ? ` ${id}-long` : ''}`}
        aria-invalid={over > 0}
        onChange={(e) => {
          setText(e.target.value);
          setNotice(null);
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
        <span
          id={`${id}-count`}
          className={`char-count${remaining < 50 ? ' char-count-low' : ''}`}
          aria-live="polite"
          data-testid="ask-count"
        >
          {tooShort
            ? t('audience.tooShort', { min: limits.questionMinLength })
            : t('audience.chars', { count: length, max: limits.questionMaxLength })}
        </span>
      </div>
      {over > 0 && (
        <p id={`${id}-long`} className="error" data-testid="ask-too-long">
          {t('audience.tooLong', { count: over, max: limits.questionMaxLength })}
        </p>
      )}
      <button
        type="submit"
        className="button primary"
        disabled={length < limits.questionMinLength || over > 0}
        data-testid="ask-submit"
      >
        {t('audience.submit')}
      </button>
      {notice && (
        <p className="notice" role="status" data-testid="ask-sent">
          {notice.text}
        </p>
      )}
    </form>
  );
}
