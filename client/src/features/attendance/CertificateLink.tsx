import { attendanceRoutes } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { registerAttendanceTranslations } from './attendance-i18n.ts';

registerAttendanceTranslations();

/**
 * A participant's own certificate of attendance: a plain download (the participant cookie goes
 * with it; the server builds the PDF from their minutes and refuses anyone else's).
 */
export function CertificateLink({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const href = attendanceRoutes.myCertificate.path.replace(':slug', encodeURIComponent(slug));
  return (
    <a
      href={href}
      download={`attestation-${slug}.pdf`}
      title={t('attendance.certificate.hint')}
      data-testid="certificate-link"
    >
      {t('attendance.certificate.download')}
    </a>
  );
}
