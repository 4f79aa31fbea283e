import type { Organizer } from '@agora/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useLocation } from '../../router.ts';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { call, onUnauthorized } from './api.ts';
import { EditionsView, NewEditionView } from './EditionsView.tsx';
import { EditionView } from './EditionView.tsx';
import { registerOrganizerTranslations } from './i18n.ts';
import { LoginView } from './LoginView.tsx';
import { orgPaths, parseOrganizerRoute } from './organizer-routes.ts';
import { ReportView } from './ReportView.tsx';
import './organizer.css';

registerOrganizerTranslations();

/** The organizer console: everything under `/organizer`, behind the organizer login. */
export default function OrganizerApp() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const route = parseOrganizerRoute(pathname);
  const [me, setMe] = useState<Organizer | null | 'loading'>('loading');

  useEffect(() => {
    let live = true;
    void call('organizerMe').then((res) => {
      if (live) setMe(res.ok ? res.data : null);
    });
    const off = onUnauthorized(() => setMe(null));
    return () => {
      live = false;
      off();
    };
  }, []);

  useEffect(() => {
    document.title = `${t('organizer.title')} · ${t('app.name')}`;
  }, [t]);

  if (me === 'loading') {
    return (
      <>
        <Header title={t('organizer.title')} />
        <main id="main" className="page">
          <p className="muted">{t('app.loading')}</p>
        </main>
      </>
    );
  }
  if (me === null) return <LoginView onLogin={setMe} />;

  const logout = async () => {
    await call('organizerLogout');
    setMe(null);
    navigate(orgPaths.editions());
  };

  if (route.name === 'report') return <ReportView slug={route.slug} sessionId={route.sessionId} />;

  return (
    <>
      <Header title={t('organizer.title')} home={orgPaths.editions()}>
        <span className="org-who" data-testid="organizer-name">
          <span className="sr-only">{t('organizer.loggedInAs')} </span>
          {me.name}
        </span>
        <button
          type="button"
          className="button header-button"
          onClick={() => void logout()}
          data-testid="logout"
        >
          {t('organizer.logout')}
        </button>
      </Header>
      {route.name === 'editions' && <EditionsView />}
      {route.name === 'newEdition' && <NewEditionView />}
      {route.name === 'edition' && <EditionView key={route.slug} slug={route.slug} tab={route.tab} />}
      {route.name === 'notFound' && (
        <main id="main" className="page">
          <p>{t('app.notFound')}</p>
          <Link href={orgPaths.editions()}>{t('organizer.editions.back')}</Link>
        </main>
      )}
    </>
  );
}
