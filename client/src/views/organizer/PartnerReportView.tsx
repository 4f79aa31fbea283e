import type { PartnerReport } from '@agora/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../ui/UserText.tsx';
import { contentApi } from './content-api.ts';

/** Per partner: page visits, contacts, documents opened and saved; CSV, and printed one page per partner. */
export function PartnerReportView({ slug, tick }: { slug: string; tick: number }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<PartnerReport | null>(null);
  useEffect(() => {
    let live = true;
    void contentApi.report(slug).then((answer) => {
      if (live && answer.ok) setReport(answer.data);
    });
    return () => {
      live = false;
    };
  }, [slug, tick]);
  if (!report || report.partners.length === 0) return null;
  return (
    <section className="org-partner-report" data-testid="partner-report">
      <h2>{t('organizer.content.report')}</h2>
      <p className="muted small no-print">{t('organizer.content.reportHint')}</p>
      <p className="org-actions no-print">
        <a className="button small-button" href={contentApi.reportCsvUrl(slug)}>
          {t('organizer.content.reportCsv')}
        </a>
        <button type="button" className="button small-button" onClick={() => window.print()}>
          {t('organizer.content.print')}
        </button>
      </p>
      {report.partners.map((p) => (
        <article key={p.id} className="card org-partner-sheet" data-testid="partner-report-card">
          <h3>
            <UserText text={p.name} />{' '}
            {p.tier && (
              <span className="badge">
                <UserText text={p.tier} />
              </span>
            )}
          </h3>
          <p>
            {t('organizer.content.visits')} <strong>{p.visits}</strong> ·{' '}
            {t('organizer.content.contactsLeft')} <strong>{p.contacts}</strong>
          </p>
          <ul>
            {p.documents.map((d) => (
              <li key={d.id}>
                <UserText text={d.title} /> — {t('organizer.content.views', { count: d.views })},{' '}
                {t('organizer.content.downloads', { count: d.downloads })}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
