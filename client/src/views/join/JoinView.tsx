import { formatCode, limits, normaliseCode, type AppErrorBody } from '@agora/shared';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, heldRoles } from '../../api/http.ts';
import { navigate } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { formatDay } from '../../ui/format.ts';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { useNow } from '../../ui/use-now.ts';
import { afterJoinPath, joinWithCode } from './code-join.ts';
import { afterJoinFailure } from './join-retry.ts';
import { answerAgain } from '../../api/ask-again.ts';

/** A try planned for later: by itself (`retry`, server unreachable) or by the person (`wait`, rate limited). */
interface Planned {
  kind: 'retry' | 'wait';
  at: number;
  delayMs: number;
  /** The code to send again (a retry sends what was submitted, not what is typed since). */
  code: string;
  /** Automatic tries made so far, for the backoff. */
  attempt: number;
}

/** The first plan after a link's code failed: a retry or a wait when the failure calls for one. */
function planAfterLink(error: AppErrorBody | null, code: string | null): Planned | null {
  if (!error || !code) return null;
  const then = afterJoinFailure(error, 0);
  if (then.kind === 'stop') return null;
  return {
    kind: then.kind,
    at: Date.now() + then.delayMs,
    delayMs: then.delayMs,
    code: normaliseCode(code),
    attempt: 1,
  };
}

/**
 * The join page. `initialError` and `initialCode` come from a `?code=` link that failed: an
 * unreachable server is tried again from here; `onJoined` lets the app forget that failure.
 */
export function JoinView({
  slug,
  next,
  initialError,
  initialCode = null,
  onJoined,
}: {
  slug: string;
  next: string | null;
  initialError: AppErrorBody | null;
  initialCode?: string | null;
  onJoined?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const edition = useAsync(() => api.edition(slug), [slug], answerAgain);
  const held = useAsync(
    // Undecided (no answer): nothing said about being joined already; the code form is there.
    () => heldRoles().then((held) => (held.ok ? held.data.filter((m) => m.editionSlug === slug) : [])),
    [slug],
  );
  const [code, setCode] = useState(() => (initialCode ? formatCode(normaliseCode(initialCode)) : ''));
  const [error, setError] = useState<AppErrorBody | null>(initialError);
  // Whether the code typed was of the wrong length; said in the language of the moment, not kept as a sentence.
  const [tooShort, setTooShort] = useState(false);
  const [busy, setBusy] = useState(false);
  const [planned, setPlanned] = useState(() => planAfterLink(initialError, initialCode));
  // The button is disabled while busy, but a state update lands after the event: the ref is what
  // stops a double tap, an Enter during a try, or a timer firing during a « Réessayer maintenant ».
  const inFlight = useRef(false);
  const now = useNow(planned !== null, 250);

  const attempt = useCallback(
    async (normalised: string, tries: number) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setPlanned(null);
      setBusy(true);
      let res: Awaited<ReturnType<typeof joinWithCode>>;
      try {
        res = await joinWithCode(slug, normalised);
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
      if (res.ok) {
        onJoined?.();
        navigate(afterJoinPath(slug, next), { replace: true });
        return;
      }
      setError(res.error);
      const then = afterJoinFailure(res.error, tries);
      if (then.kind !== 'stop') {
        setPlanned({
          kind: then.kind,
          at: Date.now() + then.delayMs,
          delayMs: then.delayMs,
          code: normalised,
          attempt: tries + 1,
        });
      }
    },
    [slug, next, onJoined],
  );

  // The automatic try after UNAVAILABLE, and the end of a RATE_LIMITED wait.
  useEffect(() => {
    if (!planned) return;
    const timer = setTimeout(
      () => {
        if (planned.kind === 'retry') void attempt(planned.code, planned.attempt);
        else {
          setPlanned(null);
          setError(null);
        }
      },
      Math.max(0, planned.at - Date.now()),
    );
    // Back online (a phone leaving a lift): no reason to wait out the backoff.
    const online = () => {
      if (planned.kind === 'retry') void attempt(planned.code, planned.attempt);
    };
    window.addEventListener('online', online);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', online);
    };
  }, [planned, attempt]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (planned?.kind === 'wait') return;
    const normalised = normaliseCode(code);
    if (normalised.length !== limits.codeLength) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    void attempt(normalised, 0);
  };
  // `now` stands still while nothing is planned: capped, its first stale value cannot show a long wait.
  const seconds = planned ? Math.max(1, Math.ceil(Math.min(planned.delayMs, planned.at - now) / 1000)) : 0;

  const ed = edition.kind === 'done' && edition.value.ok ? edition.value.data : null;
  const lang = i18n.language;
  // Until the edition's first answer the card above the form is one line: the form moves down when
  // it comes, under a thumb already on « Entrer ». The button waits for it (an error answer counts).
  const editionPending = edition.kind === 'loading';

  return (
    <>
      <Header />
      <main id="main" className="page narrow" aria-busy={editionPending}>
        {ed ? (
          <section className="edition-card" aria-labelledby={`${id}-ed`}>
            <h1 id={`${id}-ed`} data-testid="edition-name">
              <UserText text={ed.name} />
            </h1>
            <p className="muted">
              {ed.startDate === ed.endDate
                ? formatDay(ed.startDate, lang)
                : `${formatDay(ed.startDate, lang)} – ${formatDay(ed.endDate, lang)}`}
              {ed.venue && (
                <>
                  {' · '}
                  <UserText text={ed.venue} />
                </>
              )}
            </p>
          </section>
        ) : edition.kind === 'done' && answerAgain(edition.value) && !edition.value.ok ? (
          <ErrorMessage error={edition.value.error} testId="edition-error" retrying />
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
              setTooShort(false);
              // A new code cancels the retry of the old one; a rate-limit wait holds for any code.
              if (planned?.kind !== 'wait') {
                setError(null);
                setPlanned(null);
              }
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
            aria-invalid={
              (error !== null && error.code !== 'UNAVAILABLE' && error.code !== 'RATE_LIMITED') || tooShort
            }
            data-testid="join-code"
          />
          <p id={`${id}-hint`} className="field-hint">
            {tooShort ? t('join.tooShort', { count: limits.codeLength }) : t('join.codeHint')}
          </p>
          {planned?.kind === 'retry' ? (
            <div className="error join-retry" role="status" data-testid="join-retry" data-seconds={seconds}>
              <p>{t('join.retryIn', { count: seconds })}</p>
              <button
                type="button"
                className="button"
                onClick={() => void attempt(planned.code, planned.attempt)}
                data-testid="join-retry-now"
              >
                {t('join.retryNow')}
              </button>
            </div>
          ) : planned?.kind === 'wait' ? (
            <p className="error" role="status" data-testid="join-wait" data-seconds={seconds}>
              {t('join.waitFor', { count: seconds })}
            </p>
          ) : busy && error?.code === 'UNAVAILABLE' ? (
            <p className="notice" role="status" data-testid="join-retrying">
              {t('join.retrying')}
            </p>
          ) : (
            <ErrorMessage error={error} testId="join-error" />
          )}
          <button
            type="submit"
            className="button primary"
            disabled={busy || editionPending || planned?.kind === 'wait' || code.trim() === ''}
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
