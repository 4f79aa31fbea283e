import '../views/documents/documents.css';
import { useTranslation } from 'react-i18next';
import { useUpdateAvailable } from './service-worker.ts';

/** « A new version is available — reload »: shown when a new version took over; the person chooses when. */
export function UpdateBanner() {
  const { t } = useTranslation();
  if (!useUpdateAvailable()) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <span>{t('pwa.updated')}</span>
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        {t('pwa.reload')}
      </button>
    </div>
  );
}
