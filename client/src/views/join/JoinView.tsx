import { formatCode, limits, normaliseCode, type AppErrorBody } from '@agora/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, heldRoles } from '../../api/http.ts';
import { navigate } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { formatDay } from '../../ui/format.ts';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { afterJoinPath, joinWithCode } from './code-join.ts';

export function JoinView({
  slug,
  next,
  initialError,
}: {
  slug: string;
  next: string | null;
  initialError: AppErrorBody | null;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const edition = useAsync(() => api.edition(slug), [slug]);
  const held = useAsync(() => heldRoles().then((all) => all.filter((m) => m.editionSlug === slug)), [slug]);
  const [code, setCode] = useState('');
  const [error, setError] = useState<AppErrorBody | null>(initialError);
  const [hint, setHint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const normalised = normaliseCode(code);
    if (normalised.length !== limits.codeLength) {
      setHint(t('join.tooShort', { count: limits.codeLength }));
      return;
    }
    setHint(null);
    setBusy(true);
    const res = await joinWithCode(slug, normalised);
    setBusy(false);
    if (res.ok) navigate(afterJoinPath(slug, next), { replace: true });
    else setError(res.error);
  };

  const ed = edition.kind === 'done' && edition.value.ok ? edition.value.data : null;
  const lang = i18n.language;

  return (
    <>
      <Header />
      <main id="main" className="page narrow">
        {ed ? (
          <section className="edition-card" aria-labelledby={`${id}-ed`}>
            <h1 id={`${id}-ed`} data-testid="edition-name">
              {ed.name}
            </h1>
            <p className="muted">
              {ed.startDate === ed.endDate
                ? formatDay(ed.startDate, lang)
                : `${formatDay(ed.startDate, lang)} – ${formatDay(ed.endDate, lang)}`}
              {ed.venue ? ` · ${ed.venue}` : ''}
            </p>
          </section>
        ) : edition.kind === 'done' ? (
          <p className="error" role="alert">
            {t('join.unknownEdition')}
          </p>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}

        <form className="card join-form" onSubmit={submit} noValidate>
          <h2 className="card-title">{t('join.title')}</h2>
          <p>{t('join.intro')}</p>
          <label htmlFor={`${id}-code`} className="field-label">
            {t('join.codeLabel')}
          </label>
          <input
            id={`${id}-code`}
            className="code-input"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setError(null);
              setHint(null);
            }}
            onBlur={() => {
              const n = normaliseCode(code);
              if (n.length === limits.codeLength) setCode(formatCode(n));
            }}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            inputMode="text"
            placeholder="XXXX-XXXX-XXXX"
            aria-describedby={`${id}-hint`}
            aria-invalid={error !== null || hint !== null}
            data-testid="join-code"
          />
          <p id={`${id}-hint`} className="field-hint">
            {hint ?? t('join.codeHint')}
          </p>
          <ErrorMessage error={error} testId="join-error" />
          <button
            type="submit"
            className="button primary"
            disabled={busy || code.trim() === ''}
            data-testid="join-submit"
          >
            {busy ? t('join.joining') : t('join.submit')}
          </button>
        </form>

        {held.kind === 'done' && held.value.length > 0 && (
          <p className="card already">
            {t('join.already')} <Link href={afterJoinPath(slug, next)}>{t('join.continue')}</Link>
          </p>
        )}
      </main>
    </>
  );
}
