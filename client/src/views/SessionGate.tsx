import type { Role } from '@agora/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../router.ts';
import { ErrorMessage } from '../ui/ErrorMessage.tsx';
import { Header } from '../ui/Header.tsx';
import { useSessionContext, type ReadySessionContext } from './session-context.ts';

/**
 * A session view's page: the view once its context (who, the programme, the session) is ready;
 * until then the header with the loading line, or the error.
 */
export function SessionGate({
  slug,
  sessionId,
  roles,
  narrow = true,
  children,
}: {
  slug: string;
  sessionId: string;
  roles: readonly Role[];
  narrow?: boolean;
  children: (ready: ReadySessionContext) => ReactNode;
}) {
  const { t } = useTranslation();
  const ctx = useSessionContext(slug, sessionId, roles);
  if (ctx.kind === 'ready') return children(ctx);
  return (
    <>
      <Header home={paths.programme(slug)} />
      <main id="main" className={narrow ? 'page narrow' : 'page'}>
        {ctx.kind === 'error' ? (
          <ErrorMessage error={ctx.error} retrying />
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </main>
    </>
  );
}
