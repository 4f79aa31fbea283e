import type { AppErrorBody, Organizer } from '@agora/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from '../../ui/Header.tsx';
import { call } from './api.ts';
import { OrgError } from './ui.tsx';

/** What the server's start banner prints too (server/src/main.ts); it works while the server runs. */
const FIRST_ACCOUNT_COMMAND = 'npm run create-organizer -- --email you@example.org --name "Your Name"';

export function LoginView({ onLogin }: { onLogin: (me: Organizer) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await call('organizerLogin', { body: { email, password } });
    setBusy(false);
    if (res.ok) onLogin(res.data.organizer);
    else setError(res.error.code === 'UNAUTHORIZED' ? { ...res.error, code: 'INVALID_CODE' } : res.error);
  };

  return (
    <>
      <Header title={t('organizer.title')} />
      <main id="main" className="page narrow">
        <h1>{t('organizer.login.title')}</h1>
        <p className="muted">{t('organizer.login.intro')}</p>
        <form className="card org-form" onSubmit={(e) => void submit(e)} data-testid="login-form">
          <label className="field-label" htmlFor="org-email">
            {t('organizer.fields.email')}
          </label>
          <input
            id="org-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
          <label className="field-label" htmlFor="org-password">
            {t('organizer.login.password')}
          </label>
          <input
            id="org-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
          {error && (
            <div className="org-gap">
              {error.code === 'INVALID_CODE' ? (
                <p className="error" role="alert" data-testid="login-error">
                  {t('organizer.login.wrong')}
                </p>
              ) : (
                <OrgError error={error} testId="login-error" />
              )}
            </div>
          )}
          <div className="org-actions">
            <button type="submit" className="button primary" disabled={busy} data-testid="login-submit">
              {busy ? t('organizer.login.busy') : t('organizer.login.submit')}
            </button>
          </div>
          <p className="field-hint">{t('organizer.login.firstAccount')}</p>
          <p className="field-hint" data-testid="login-first-account">
            <code>{FIRST_ACCOUNT_COMMAND}</code>
          </p>
        </form>
      </main>
    </>
  );
}
