import type { AttendanceMode, QuestionStatus } from '@agora/shared';
import { useTranslation } from 'react-i18next';

export function StatusBadge({ status }: { status: QuestionStatus | 'outbox' }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status-${status}`} data-testid="status-badge" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function ModeBadge({ mode }: { mode: AttendanceMode }) {
  const { t } = useTranslation();
  return (
    <span className={`badge mode-${mode}`} data-testid="mode-badge">
      {t(`mode.${mode}`)}
    </span>
  );
}
