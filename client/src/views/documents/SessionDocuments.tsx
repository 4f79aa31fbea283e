import './documents.css';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/http.ts';
import { paths } from '../../router.ts';
import { Link } from '../../ui/Link.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { DocumentList } from './DocumentList.tsx';
import { answerAgain } from '../../api/ask-again.ts';

/**
 * A session room's documents, under its interactions. Nothing shows when the session has none,
 * or when the edition's documents are not open (their page says why).
 */
export function SessionDocuments({ slug, sessionId }: { slug: string; sessionId: string }) {
  const { t } = useTranslation();
  const content = useAsync(() => api.content(slug, 'participant'), [slug], answerAgain);
  if (content.kind === 'loading' || !content.value.ok) return null;
  const documents = content.value.data.documents.filter((d) => d.sessionIds.includes(sessionId));
  if (documents.length === 0) return null;
  return (
    <section className="session-documents" data-testid="session-documents">
      <h2>{t('content.sessionDocuments')}</h2>
      <DocumentList slug={slug} role="participant" documents={documents} />
      <p className="small">
        <Link href={paths.documents(slug)}>{t('content.documents')} →</Link>
      </p>
    </section>
  );
}
