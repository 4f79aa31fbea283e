import type { AppErrorBody } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { askedAgain } from '../api/ask-again.ts';

/**
 * An error explained by its stable code, never by the server's message. `retrying`: the page asks
 * again by itself after this error (a load behind `useAsync`'s `again`), and says so for the codes
 * whose own text does not (a server error: « Erreur du serveur. Nouvel essai automatique. »).
 */
export function ErrorMessage({
  error,
  testId,
  retrying = false,
}: {
  error: AppErrorBody | null;
  testId?: string;
  retrying?: boolean;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const keys = [`errors.${error.code}`];
  if (retrying && askedAgain(error)) keys.unshift(`errorsRetrying.${error.code}`);
  return (
    <p className="error" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      {t(keys)}
    </p>
  );
}
