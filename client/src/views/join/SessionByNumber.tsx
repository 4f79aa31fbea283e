import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, firstRole } from '../../api/http.ts';
import { navigate, paths } from '../../router.ts';
import { Header } from '../../ui/Header.tsx';
import { sessionByNumber } from './session-number.ts';

/**
 * The short address of a projector (`/e/:slug/3`): a participant without a token joins first and
 * comes back here, then goes on to that session's room (the programme if the number names none).
 */
export function SessionByNumber({ slug, number }: { slug: string; number: number }) {
  const { t } = useTranslation();
  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      const me = await firstRole(['participant'], stop.signal);
      if (stop.signal.aborted) return;
      if (!me || me.editionSlug !== slug) {
        const here = paths.sessionNumber(slug, number);
        navigate(`${paths.join(slug)}?next=${encodeURIComponent(here)}`, { replace: true });
        return;
      }
      const programme = await api.programme(slug, me.role);
      if (stop.signal.aborted) return;
      const session = programme.ok ? sessionByNumber(programme.data.sessions, number) : null;
      navigate(session ? paths.session(slug, session.id) : paths.programme(slug), { replace: true });
    })();
    return () => {
      stop.abort();
    };
  }, [slug, number]);
  return (
    <>
      <Header />
      <main id="main" className="page narrow">
        <p className="muted" role="status">
          {t('app.loading')}
        </p>
      </main>
    </>
  );
}
