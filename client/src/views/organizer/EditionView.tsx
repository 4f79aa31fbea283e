import type { AppErrorBody, OrganizerEdition } from '@agora/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../router.ts';
import { UserText } from '../../ui/UserText.tsx';
import { formatDay } from '../../ui/format.ts';
import { Link } from '../../ui/Link.tsx';
import { call } from './api.ts';
import { AttendanceTab } from './AttendanceTab.tsx';
import { ContentTab } from './ContentTab.tsx';
import { EditionForm } from './EditionForm.tsx';
import { ExportsTab } from './ExportsTab.tsx';
import { LiveTab } from './LiveTab.tsx';
import { editionTabs, orgPaths, type EditionTab } from './organizer-routes.ts';
import { ProgrammeTab } from './ProgrammeTab.tsx';
import { RegistrantsTab } from './RegistrantsTab.tsx';
import { TeamTab } from './TeamTab.tsx';
import { Modal, OrgError } from './ui.tsx';
import { useCall } from './use-call.ts';

/** One edition: its header, the rehearsal banner and the tabs. */
export function EditionView({ slug, tab }: { slug: string; tab: EditionTab }) {
  const { t, i18n } = useTranslation();
  const { result, reload } = useCall('getEdition', { params: { slug } });
  const [goLive, setGoLive] = useState(false);

  if (!result) {
    return (
      <main id="main" className="page wide">
        <p className="muted">{t('app.loading')}</p>
      </main>
    );
  }
  if (!result.ok) {
    return (
      <main id="main" className="page wide">
        <p className="back">
          <Link href={orgPaths.editions()}>{t('organizer.editions.back')}</Link>
        </p>
        <OrgError error={result.error} />
      </main>
    );
  }
  const edition = result.data;
  return (
    <main id="main" className="page wide org-page">
      <p className="back">
        <Link href={orgPaths.editions()}>{t('organizer.editions.back')}</Link>
      </p>
      <div className="org-title-row">
        <div>
          <h1 data-testid="edition-title">
            <UserText text={edition.name} />
          </h1>
          <p className="muted small org-subtitle">
            {formatDay(edition.startDate, i18n.language, 'UTC')}
            {edition.endDate !== edition.startDate &&
              ` → ${formatDay(edition.endDate, i18n.language, 'UTC')}`}
            {edition.venue && (
              <>
                {' · '}
                <UserText text={edition.venue} />
              </>
            )}{' '}
            · {edition.timeZone} ·{' '}
            <a href={edition.joinUrl} target="_blank" rel="noopener noreferrer">
              {edition.joinUrl.replace(/^https?:\/\//, '')}
            </a>
          </p>
        </div>
      </div>
      {edition.rehearsal && (
        <div className="org-rehearsal" role="status" data-testid="rehearsal-banner">
          <div>
            <strong>{t('organizer.rehearsal.title')}</strong> {t('organizer.rehearsal.text')}
          </div>
          <button
            type="button"
            className="button danger"
            onClick={() => setGoLive(true)}
            data-testid="go-live"
          >
            {t('organizer.rehearsal.goLive')}
          </button>
        </div>
      )}
      {goLive && (
        <GoLiveDialog
          edition={edition}
          onClose={() => {
            setGoLive(false);
            reload();
          }}
        />
      )}
      <nav className="org-tabs" aria-label={t('organizer.tabs.label')}>
        {editionTabs.map((name) => (
          <Link
            key={name}
            href={orgPaths.edition(slug, name)}
            className="org-tab"
            aria-current={name === tab ? 'page' : undefined}
            data-testid={`tab-${name}`}
          >
            {t(`organizer.tabs.${name}`)}
            {name === 'registrants' && <span className="count">{edition.counts.registrants}</span>}
            {name === 'programme' && <span className="count">{edition.counts.sessions}</span>}
          </Link>
        ))}
      </nav>
      <div className="org-tab-panel">
        {tab === 'programme' && <ProgrammeTab edition={edition} onChanged={reload} />}
        {tab === 'registrants' && <RegistrantsTab edition={edition} onChanged={reload} />}
        {tab === 'team' && <TeamTab edition={edition} onChanged={reload} />}
        {tab === 'content' && <ContentTab edition={edition} />}
        {tab === 'live' && <LiveTab edition={edition} />}
        {tab === 'exports' && <ExportsTab edition={edition} />}
        {tab === 'attendance' && <AttendanceTab edition={edition} />}
        {tab === 'settings' && (
          <>
            <h2>{t('organizer.tabs.settings')}</h2>
            <EditionForm
              initial={edition}
              onSaved={(next) => {
                if (next.slug !== slug) navigate(orgPaths.edition(next.slug, 'settings'), { replace: true });
                else reload();
              }}
            />
          </>
        )}
      </div>
    </main>
  );
}

/** Ends the rehearsal: the slug typed again, then what was wiped. */
function GoLiveDialog({ edition, onClose }: { edition: OrganizerEdition; onClose: () => void }) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [done, setDone] = useState<{ questionsWiped: number; interactionsWiped: number } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await call('goLive', { params: { slug: edition.slug }, body: { confirm } });
    setBusy(false);
    if (res.ok) setDone(res.data);
    else setError(res.error);
  };

  return (
    <Modal title={t('organizer.rehearsal.dialogTitle')} onClose={onClose} testId="go-live-dialog">
      {done ? (
        <div data-testid="go-live-done">
          <p className="notice">{t('organizer.rehearsal.done')}</p>
          <ul>
            <li>{t('organizer.rehearsal.questionsWiped', { count: done.questionsWiped })}</li>
            <li>{t('organizer.rehearsal.interactionsWiped', { count: done.interactionsWiped })}</li>
          </ul>
          <p className="muted small">{t('organizer.rehearsal.kept')}</p>
          <div className="org-actions">
            <button type="button" className="button primary" onClick={onClose}>
              {t('organizer.close')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <p>{t('organizer.rehearsal.explain')}</p>
          <p className="muted small">{t('organizer.rehearsal.kept')}</p>
          <label className="field-label" htmlFor="go-live-confirm">
            {t('organizer.rehearsal.typeSlug', { slug: edition.slug })}
          </label>
          <input
            id="go-live-confirm"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            data-testid="go-live-confirm"
          />
          <OrgError error={error} />
          <div className="org-actions">
            <button
              type="submit"
              className="button danger"
              disabled={busy || confirm !== edition.slug}
              data-testid="go-live-submit"
            >
              {t('organizer.rehearsal.goLiveNow')}
            </button>
            <button type="button" className="button" onClick={onClose}>
              {t('organizer.cancel')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
