import type { AppErrorBody, DocumentView, Role } from '@agora/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { openDocument } from './content-data.ts';

/** Documents with their open and download buttons (a file opens through a fresh signed address). */
export function DocumentList({
  slug,
  role,
  documents,
}: {
  slug: string;
  role: Role;
  documents: readonly DocumentView[];
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<AppErrorBody | null>(null);
  const open = (doc: DocumentView, download: boolean) => {
    void openDocument(slug, role, doc, download).then(setError);
  };
  return (
    <>
      <ErrorMessage error={error} />
      <ul className="document-list">
        {documents.map((d) => (
          <li key={d.id} className="card document-card" data-testid="document" data-document-id={d.id}>
            <div className="session-meta">
              <span className={`badge kind-${d.kind}`}>{t(`content.kind_${d.kind}`)}</span>
              {d.language !== 'fr' && <span className="badge">{d.language.toUpperCase()}</span>}
              {d.speakers.length > 0 && (
                <span className="muted small">
                  <UserText text={d.speakers.join(', ')} />
                </span>
              )}
            </div>
            <h3 className="document-title">
              <UserText text={d.title} />
            </h3>
            {d.description && (
              <p className="muted small">
                <UserText text={d.description} />
              </p>
            )}
            <div className="document-actions">
              {d.kind === 'link' && d.url ? (
                <a className="button" href={d.url} target="_blank" rel="noopener noreferrer">
                  {t('content.link')}
                </a>
              ) : (
                <>
                  <button
                    type="button"
                    className="button primary"
                    onClick={() => navigate(paths.document(slug, d.id))}
                  >
                    {t('content.open')}
                  </button>
                  <button type="button" className="button" onClick={() => open(d, true)}>
                    {t('content.download')}
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
