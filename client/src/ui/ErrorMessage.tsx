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
  // A join after the replay date is FORBIDDEN with reason ACCESS_ENDED: « this action is not allowed »
  // told a registrant with a good code nothing of why.
  const reason = reasonOf(error);
  if (reason) keys.unshift(`errorReasons.${reason}`);
  return (
    <p className="error" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      {t(keys)}
    </p>
  );
}

/** A refusal's `details.reason`, when it gives one. */
function reasonOf(error: AppErrorBody): string | null {
  const { details } = error;
  return typeof details === 'object' &&
    details !== null &&
    'reason' in details &&
    typeof details.reason === 'string'
    ? details.reason
    : null;
}
