import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { firstRole } from '../api/http.ts';
import { navigate, paths } from '../router.ts';
import { Header } from '../ui/Header.tsx';

/**
 * « / », where the installed app opens (the manifest's `start_url`): a participant who joined an
 * edition goes on to its programme; anyone else reads how to get in (their event's link, the QR code
 * in the hall). Without this, the app opened from its icon told a participant who had joined to
 * scan the QR code again.
 */
export function HomeView() {
  const { t } = useTranslation();
  const [undecided, setUndecided] = useState(true);
  useEffect(() => {
    let live = true;
    void firstRole(['participant']).then((answer) => {
      if (!live) return;
      if (answer.ok && answer.data) navigate(paths.programme(answer.data.editionSlug), { replace: true });
      else setUndecided(false);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <>
      <Header />
      <main id="main" className="page narrow" aria-busy={undecided}>
        <h1>{t('app.name')}</h1>
        {!undecided && <p>{t('app.home')}</p>}
      </main>
    </>
  );
}
