import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage, type Language } from '../i18n/index.ts';
import type { ConnectionState } from '../realtime/hooks.ts';
import { Link } from './Link.tsx';
import { UserText } from './UserText.tsx';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('app.language')}>
      {languages.map((lang: Language) => (
        <button
          key={lang}
          type="button"
          className="lang-button"
          aria-pressed={i18n.language === lang}
          lang={lang}
          onClick={() => setLanguage(lang)}
          data-testid={`lang-${lang}`}
        >
          {lang.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  return (
    <span
      className={`connection connection-${state}`}
      role="status"
      data-testid="connection-state"
      data-state={state}
    >
      <span className="connection-dot" aria-hidden="true" />
      {t(`connection.${state}`)}
    </span>
  );
}

export function Header({ title, home, children }: { title?: string; home?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <div className="app-header-inner">
        {home ? (
          <Link href={home} className="brand">
            <img src="/icon.svg" alt="" width="28" height="28" />
            <span>{title === undefined ? t('app.name') : <UserText text={title} />}</span>
          </Link>
        ) : (
          <span className="brand">
            <img src="/icon.svg" alt="" width="28" height="28" />
            <span>{title === undefined ? t('app.name') : <UserText text={title} />}</span>
          </span>
        )}
        <div className="header-tools">
          {children}
          <LanguageSwitch />
        </div>
      </div>
    </header>
  );
}
