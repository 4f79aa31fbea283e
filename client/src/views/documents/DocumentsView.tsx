import './documents.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { formatDay } from '../../ui/format.ts';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { contentAgain, keptDocuments, loadContent, searchDocuments } from './content-data.ts';
import { DocumentList } from './DocumentList.tsx';

/** « Documents »: the edition's documents by session or by partner, with a search. */
export function DocumentsView({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const data = useAsync(() => loadContent(slug), [slug], contentAgain);
  const [by, setBy] = useState<'session' | 'partner'>('session');
  const [query, setQuery] = useState('');

  useEffect(() => {
    if (data.kind === 'done' && data.value.kind === 'joinFirst')
      navigate(`${paths.join(slug)}?next=${encodeURIComponent(paths.documents(slug))}`, { replace: true });
  }, [data, slug]);

  if (data.kind === 'loading' || data.value.kind === 'joinFirst') {
    return (
      <>
        <Header />
        <main id="main" className="page">
          <p className="muted">{t('app.loading')}</p>
        </main>
      </>
    );
  }
  if (data.value.kind === 'error') {
    return (
      <>
        <Header />
        <main id="main" className="page">
          <ErrorMessage error={data.value.error} retrying />
          {data.value.error.code === 'UNAVAILABLE' && <KeptDocuments />}
        </main>
      </>
    );
  }
  const { role, content, programme } = data.value;
  const partnerNames = new Map(content.partners.map((p) => [p.id, p.name]));
  const found = searchDocuments(content.documents, query, partnerNames);
  const groups =
    by === 'session'
      ? [
          ...programme.sessions.map((s) => ({
            key: s.id,
            title: s.title,
            docs: found.filter((d) => d.sessionIds.includes(s.id)),
          })),
          {
            key: 'general',
            title: t('content.general'),
            docs: found.filter((d) => d.sessionIds.length === 0),
          },
        ]
      : [
          ...content.partners.map((p) => ({
            key: p.id,
            title: p.name,
            docs: found.filter((d) => d.partnerIds.includes(p.id)),
          })),
          {
            key: 'general',
            title: t('content.general'),
            docs: found.filter((d) => d.partnerIds.length === 0),
          },
        ];
  return (
    <>
      <Header title={programme.edition.name} home={paths.programme(slug)} />
      <main id="main" className="page">
        <p>
          <Link href={paths.programme(slug)}>{t('app.backToProgramme')}</Link> ·{' '}
          <Link href={paths.partners(slug)}>{t('content.village')}</Link>
        </p>
        <h1>{t('content.documents')}</h1>
        <p className="muted small">
          {t('content.availableUntil', {
            date: formatDay(content.availableUntil - 1, i18n.language, programme.edition.timeZone),
          })}
        </p>
        <input
          type="search"
          className="search"
          aria-label={t('content.search')}
          placeholder={t('content.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="document-search"
        />
        <div className="tabs" role="tablist">
          {(['session', 'partner'] as const).map((b) => (
            <button
              key={b}
              type="button"
              role="tab"
              aria-selected={by === b}
              className={by === b ? 'tab active' : 'tab'}
              onClick={() => setBy(b)}
            >
              {t(b === 'session' ? 'content.bySession' : 'content.byPartner')}
            </button>
          ))}
        </div>
        {content.documents.length === 0 && <p>{t('content.none')}</p>}
        {content.documents.length > 0 && found.length === 0 && <p>{t('content.noMatch')}</p>}
        {groups
          .filter((g) => g.docs.length > 0)
          .map((g) => (
            <section key={g.key} className="document-group" data-testid="document-group">
              <h2>
                <UserText text={g.title} />
              </h2>
              <DocumentList slug={slug} role={role} documents={g.docs} />
            </section>
          ))}
      </main>
    </>
  );
}

/** Offline: the documents this device kept when they were opened, readable without the network. */
function KeptDocuments() {
  const { t } = useTranslation();
  const kept = useAsync(() => keptDocuments(), []);
  if (kept.kind === 'loading' || kept.value.length === 0) return null;
  return (
    <section data-testid="kept-documents">
      <h2>{t('content.kept')}</h2>
      <ul className="document-list">
        {kept.value.map((d) => (
          <li key={d.url} className="card document-card">
            <a href={d.url}>{d.name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
