import './documents.css';
import type { AppErrorBody } from '@agora/shared';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/http.ts';
import { navigate, paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { contentAgain, keptFilePath, loadContent, openDocument } from './content-data.ts';

const PdfViewer = lazy(() => import('./PdfViewer.tsx'));

/** One document read in the app: a PDF drawn by pdf.js, a video in the browser's player. */
export function DocumentPage({ slug, documentId }: { slug: string; documentId: string }) {
  const { t } = useTranslation();
  const data = useAsync(() => loadContent(slug), [slug], contentAgain);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [failed, setFailed] = useState(false);
  const loaded = data.kind === 'done' && data.value.kind === 'ok' ? data.value : null;
  const doc = loaded?.content.documents.find((d) => d.id === documentId) ?? null;

  useEffect(() => {
    if (data.kind === 'done' && data.value.kind === 'joinFirst')
      navigate(`${paths.join(slug)}?next=${encodeURIComponent(paths.document(slug, documentId))}`, {
        replace: true,
      });
  }, [data, slug, documentId]);

  useEffect(() => {
    if (!loaded || !doc?.file) return;
    let live = true;
    void api.documentLink(slug, doc.id, loaded.role, false).then((link) => {
      if (!live) return;
      if (link.ok) setUrl(link.data.url);
      else if (link.error.code === 'UNAVAILABLE' && doc.file)
        setUrl(keptFilePath(doc.id, doc.file.version, doc.file.name));
      else setError(link.error);
    });
    return () => {
      live = false;
    };
  }, [slug, loaded, doc]);

  const onError = useCallback(() => setFailed(true), []);

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
  if (data.value.kind === 'error' || !loaded || !doc) {
    return (
      <>
        <Header />
        <main id="main" className="page">
          <ErrorMessage
            error={data.value.kind === 'error' ? data.value.error : { code: 'NOT_FOUND', message: '' }}
          />
          <Link href={paths.documents(slug)}>← {t('content.documents')}</Link>
        </main>
      </>
    );
  }
  return (
    <>
      <Header title={loaded.programme.edition.name} home={paths.programme(slug)} />
      <main id="main" className="page document-page">
        <p>
          <Link href={paths.documents(slug)}>← {t('content.documents')}</Link>
        </p>
        <h1>
          <UserText text={doc.title} />
        </h1>
        {doc.description && (
          <p className="muted">
            <UserText text={doc.description} />
          </p>
        )}
        <p>
          <button
            type="button"
            className="button"
            onClick={() => void openDocument(slug, loaded.role, doc, true).then(setError)}
          >
            {t('content.download')}
          </button>
        </p>
        <ErrorMessage error={error} />
        {failed && url && (
          <p>
            <a href={url}>{t('content.openDirect')}</a>
          </p>
        )}
        {url && doc.kind === 'pdf' && !failed && (
          <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
            <PdfViewer url={url} onError={onError} />
          </Suspense>
        )}
        {url && doc.kind === 'video' && (
          <video
            className="document-video"
            src={url}
            controls
            preload="metadata"
            data-testid="document-video"
            onError={(e) => {
              // A signed address lives FILE_LINK_SECONDS: past it, a seek is refused; a new one
              // takes over where the video was.
              const video = e.currentTarget;
              const at = video.currentTime;
              void api.documentLink(slug, doc.id, loaded.role, false).then((link) => {
                if (!link.ok || link.data.url === url) return;
                setUrl(link.data.url);
                video.addEventListener('loadedmetadata', () => (video.currentTime = at), { once: true });
              });
            }}
          />
        )}
      </main>
    </>
  );
}
