import type { Ack, AppErrorBody, ImportReport } from '@agora/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { csvFileText } from './csv-text.ts';
import { OrgError } from './ui.tsx';

/**
 * A file input sending its file to an import route, then what the import did: counts, and every
 * refused row with its line and reason (the good rows are applied all the same).
 */
export function ImportBox({
  title,
  hint,
  accept,
  upload,
  onImported,
  testId,
}: {
  title: string;
  hint: string;
  accept: string;
  upload: (file: File, text: string) => Promise<Ack<ImportReport>>;
  onImported: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ name: string; report: ImportReport } | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    const res = await upload(file, csvFileText(new Uint8Array(await file.arrayBuffer())));
    setBusy(false);
    if (res.ok) {
      setReport({ name: file.name, report: res.data });
      onImported();
    } else setError(res.error);
  };

  return (
    <section className="card org-import" data-testid={testId} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {title}
      </h2>
      <form className="org-import-form" onSubmit={(e) => void submit(e)}>
        <div>
          <label className="field-label" htmlFor={`${id}-file`}>
            {t('organizer.import.file')}
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept={accept}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-describedby={`${id}-hint`}
            data-testid={`${testId}-file`}
          />
        </div>
        <button
          type="submit"
          className="button primary"
          disabled={!file || busy}
          data-testid={`${testId}-submit`}
        >
          {busy ? t('organizer.import.busy') : t('organizer.import.submit')}
        </button>
      </form>
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
      <OrgError error={error} testId={`${testId}-error`} />
      {report && <ImportReportView name={report.name} report={report.report} testId={testId} />}
    </section>
  );
}

/**
 * The server's row messages are English; in French only what they quote is shown: the value
 * refused (« … ») or the line a duplicate first appeared on.
 */
function RowErrorDetail({ message }: { message: string }) {
  const { t, i18n } = useTranslation();
  const value = /«\s*(.*?)\s*»/.exec(message)?.[1];
  const line = /on line (\d+)/.exec(message)?.[1];
  const detail = value
    ? t('organizer.import.value', { value })
    : line
      ? t('organizer.import.firstLine', { line })
      : i18n.language === 'en'
        ? message
        : null;
  return detail ? <span className="muted small"> — {detail}</span> : null;
}

function ImportReportView({ name, report, testId }: { name: string; report: ImportReport; testId: string }) {
  const { t } = useTranslation();
  const errors = report.errors;
  return (
    <div className="org-import-report" data-testid={`${testId}-report`} role="status">
      <p>
        <strong>{name}</strong> — {t('organizer.import.rows', { count: report.rows })}
      </p>
      <ul className="org-stats">
        <li
          className={report.created > 0 ? 'stat-ok' : ''}
          data-testid="import-created"
          data-count={report.created}
        >
          <strong>{report.created}</strong> {t('organizer.import.created', { count: report.created })}
        </li>
        <li
          className={report.updated > 0 ? 'stat-ok' : ''}
          data-testid="import-updated"
          data-count={report.updated}
        >
          <strong>{report.updated}</strong> {t('organizer.import.updated', { count: report.updated })}
        </li>
        <li data-testid="import-unchanged" data-count={report.unchanged}>
          <strong>{report.unchanged}</strong> {t('organizer.import.unchanged', { count: report.unchanged })}
        </li>
        <li
          className={errors.length > 0 ? 'stat-bad' : ''}
          data-testid="import-refused"
          data-count={errors.length}
        >
          <strong>{errors.length}</strong> {t('organizer.import.refused', { count: errors.length })}
        </li>
      </ul>
      {errors.length > 0 && (
        <div className="org-table-wrap">
          <table className="org-table org-row-errors">
            <caption className="org-caption">{t('organizer.import.errorsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organizer.import.line')}</th>
                <th scope="col">{t('organizer.import.field')}</th>
                <th scope="col">{t('organizer.import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e) => (
                <tr
                  key={`${e.line}-${e.code}-${e.field ?? ''}`}
                  data-testid="row-error"
                  data-line={e.line}
                  data-code={e.code}
                >
                  <td className="num">{e.line}</td>
                  <td>
                    {e.field
                      ? t([`organizer.fields.${e.field}`, 'organizer.import.unknownField'], {
                          field: e.field,
                        })
                      : '—'}
                  </td>
                  <td>
                    {t(`organizer.rowErrors.${e.code}`)}
                    <RowErrorDetail message={e.message} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
