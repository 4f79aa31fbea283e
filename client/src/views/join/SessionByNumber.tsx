import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, firstRole } from '../../api/http.ts';
import { answerAgain } from '../../api/ask-again.ts';
import { navigate, paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Header } from '../../ui/Header.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { sessionByNumber } from './session-number.ts';

/**
 * The short address of a projector (`/e/:slug/3`): a participant without a token joins first and
 * comes back here, then goes on to that session's room (the programme if the number names none).
 * A role check that got no answer is shown and asked again (`firstRole`).
 */
export function SessionByNumber({ slug, number }: { slug: string; number: number }) {
  const { t } = useTranslation();
  const held = useAsync(() => firstRole(['participant']), [slug, number], answerAgain);
  const decided = held.kind === 'done' && held.value.ok ? held.value : null;
  useEffect(() => {
    if (!decided) return;
    const me = decided.data;
    if (!me || me.editionSlug !== slug) {
      const here = paths.sessionNumber(slug, number);
      navigate(`${paths.join(slug)}?next=${encodeURIComponent(here)}`, { replace: true });
      return;
    }
    let gone = false;
    void api.programme(slug, me.role).then((programme) => {
      if (gone) return;
      const session = programme.ok ? sessionByNumber(programme.data.sessions, number) : null;
      navigate(session ? paths.session(slug, session.id) : paths.programme(slug), { replace: true });
    });
    return () => {
      gone = true;
    };
  }, [decided, slug, number]);
  return (
    <>
      <Header />
      <main id="main" className="page narrow">
        {held.kind === 'done' && !held.value.ok ? (
          <ErrorMessage error={held.value.error} retrying />
        ) : (
          <p className="muted" role="status">
            {t('app.loading')}
          </p>
        )}
      </main>
    </>
  );
}
