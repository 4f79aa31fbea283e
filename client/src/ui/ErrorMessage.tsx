import type { AppErrorBody } from '@agora/shared';
import { useTranslation } from 'react-i18next';

/** An error explained by its stable code, never by the server's message. */
export function ErrorMessage({ error, testId }: { error: AppErrorBody | null; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      {t(`errors.${error.code}`)}
    </p>
  );
}
