import { limits } from '@agora/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

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
  const [notice, setNotice] = useState<string | null>(null);
  const trimmed = text.trim();
  const tooShort = trimmed.length > 0 && trimmed.length < limits.questionMinLength;
  const remaining = limits.questionMaxLength - text.length;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed.length < limits.questionMinLength || trimmed.length > limits.questionMaxLength) return;
    onAsk(trimmed, anonymous);
    setText('');
    setNotice(offline ? t('audience.sentOffline') : t('audience.sent'));
  };

  return (
    <form className="ask-form card" onSubmit={submit} data-testid="ask-form">
      <h2 className="card-title">{t('audience.askTitle')}</h2>
      <label htmlFor={`${id}-text`} className="sr-only">
        {t('audience.askLabel')}
      </label>
      <textarea
        id={`${id}-text`}
        value={text}
        maxLength={limits.questionMaxLength}
        rows={3}
        placeholder={t('audience.askPlaceholder')}
        aria-describedby={`${id}-count`}
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
        >
          {tooShort
            ? t('audience.tooShort', { min: limits.questionMinLength })
            : t('audience.chars', { count: text.length, max: limits.questionMaxLength })}
        </span>
      </div>
      <button
        type="submit"
        className="button primary"
        disabled={trimmed.length < limits.questionMinLength}
        data-testid="ask-submit"
      >
        {t('audience.submit')}
      </button>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}
