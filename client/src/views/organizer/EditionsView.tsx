import { useTranslation } from 'react-i18next';
import { navigate } from '../../router.ts';
import { UserText } from '../../ui/UserText.tsx';
import { formatDay } from '../../ui/format.ts';
import { Link } from '../../ui/Link.tsx';
import { EditionForm } from './EditionForm.tsx';
import { orgPaths } from './organizer-routes.ts';
import { OrgError } from './ui.tsx';
import { useCall } from './use-call.ts';

/** Every edition, newest first, and the way to a new one. */
export function EditionsView() {
  const { t, i18n } = useTranslation();
  const { result } = useCall('listEditions', {});
  const editions = result?.ok
    ? [...result.data.editions].sort((a, b) => b.startDate.localeCompare(a.startDate))
    : [];
  return (
    <main id="main" className="page wide org-page">
      <div className="org-title-row">
        <h1>{t('organizer.editions.title')}</h1>
        <Link className="button primary" href={orgPaths.newEdition()} data-testid="new-edition">
          {t('organizer.editions.new')}
        </Link>
      </div>
      {!result && <p className="muted">{t('app.loading')}</p>}
      {result && !result.ok && <OrgError error={result.error} />}
      {result?.ok && editions.length === 0 && <p className="card">{t('organizer.editions.empty')}</p>}
      <ul className="org-edition-list">
        {editions.map((e) => (
          <li key={e.id} className="card org-edition-card" data-testid="edition-card">
            <div className="org-edition-head">
              <h2>
                <Link href={orgPaths.edition(e.slug)}>
                  <UserText text={e.name} />
                </Link>
              </h2>
              {e.rehearsal && <span className="badge status-pending">{t('organizer.rehearsal.badge')}</span>}
              {e.purgedAt !== null && <span className="badge">{t('organizer.editions.purged')}</span>}
            </div>
            <p className="muted small">
              {formatDay(e.startDate, i18n.language, 'UTC')}
              {e.endDate !== e.startDate && ` → ${formatDay(e.endDate, i18n.language, 'UTC')}`}
              {e.venue && (
                <>
                  {' · '}
                  <UserText text={e.venue} />
                </>
              )}
            </p>
            <p className="small">
              {t('organizer.editions.counts', {
                sessions: e.counts.sessions,
                registrants: e.counts.registrants,
                moderators: e.counts.moderators,
                screens: e.counts.screens,
              })}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function NewEditionView() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page org-page">
      <p className="back">
        <Link href={orgPaths.editions()}>{t('organizer.editions.back')}</Link>
      </p>
      <h1>{t('organizer.editions.new')}</h1>
      <EditionForm
        onSaved={(edition) => navigate(orgPaths.edition(edition.slug))}
        onCancel={() => navigate(orgPaths.editions())}
      />
    </main>
  );
}
