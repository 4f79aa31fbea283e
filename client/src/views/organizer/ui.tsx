import type { AppErrorBody, IssuedCode } from '@agora/shared';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { JoinCards } from './JoinCards.tsx';

/**
 * What a tab shows until its first answers have come. Its controls would otherwise show at once
 * and move under a click when the lists arrived above them (the programme's import box went a
 * thousand pixels down when the sessions came).
 */
export function TabLoading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" data-testid="tab-loading">
      {t('app.loading')}
    </p>
  );
}

/** An error of the organizer API: its stable code, and for invalid input the fields concerned. */
export function OrgError({ error, testId }: { error: AppErrorBody | null; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const issues = Array.isArray(error.details)
    ? (error.details as unknown[]).flatMap((d) =>
        typeof d === 'object' && d !== null && 'path' in d && 'message' in d
          ? [{ path: String(d.path), message: String(d.message) }]
          : [],
      )
    : [];
  const missing =
    typeof error.details === 'object' &&
    error.details !== null &&
    'missing' in error.details &&
    Array.isArray(error.details.missing)
      ? (error.details.missing as unknown[]).map(String)
      : null;
  return (
    <div className="error" role="alert" data-testid={testId ?? 'org-error'} data-code={error.code}>
      {t([`organizer.errors.${error.code}`, `errors.${error.code}`])}
      {missing && (
        <span className="org-error-detail">
          {' '}
          {t('organizer.import.missingColumns', { columns: missing.join(', ') })}
        </span>
      )}
      {issues.length > 0 && (
        <ul className="org-error-issues">
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <strong>{t([`organizer.fields.${i.path}`, i.path || 'organizer.fields.form'])}</strong> —{' '}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A modal dialog (native `<dialog>`: focus stays inside, Escape closes). Rendered only while open. */
export function Modal({
  title,
  onClose,
  children,
  wide,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`org-modal${wide ? ' wide' : ''}`}
      aria-labelledby="org-modal-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      data-testid={testId}
    >
      <div className="org-modal-head">
        <h2 id="org-modal-title">{title}</h2>
        <button
          type="button"
          className="button org-close"
          onClick={onClose}
          aria-label={t('organizer.close')}
        >
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}

/**
 * Asks before an action that cannot be taken back (revoking, renewing or erasing a code in use):
 * `kind` names its texts under `organizer.registrants` (`<kind>Title`, `<kind>Text`, `<kind>Confirm`).
 */
export function ConfirmDialog({
  kind,
  name,
  onConfirm,
  onClose,
}: {
  kind: 'revoke' | 'reissue' | 'erase';
  name: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t(`organizer.registrants.${kind}Title`, { name })}
      onClose={onClose}
      testId="confirm-dialog"
    >
      <p>{t(`organizer.registrants.${kind}Text`)}</p>
      <div className="org-actions">
        <button
          type="button"
          className="button danger"
          data-testid="confirm-yes"
          onClick={() => {
            onClose();
            onConfirm();
          }}
        >
          {t(`organizer.registrants.${kind}Confirm`)}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('organizer.cancel')}
        </button>
      </div>
    </Modal>
  );
}

/** Copies a text to the clipboard, saying so for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="button small-button"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        })
      }
    >
      {done ? t('organizer.copied') : label}
    </button>
  );
}

/** Saves a text kept in memory (the issued codes' CSV) as a file, through a short-lived object URL. */
export function saveText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Codes just issued: shown this once (the server keeps only a keyed hash), with a warning, a CSV
 * download when there is one, the personal links, and printable cards with a personal QR code.
 */
export function IssuedCodesPanel({
  codes,
  csv,
  filename,
  onClose,
}: {
  codes: readonly Pick<IssuedCode, 'name' | 'email' | 'code' | 'link'>[];
  csv: string | null;
  filename: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [cards, setCards] = useState(false);
  useEffect(() => {
    // The codes appear once: bring them to the eye (and to screen readers) at once.
    heading.current?.focus();
  }, []);
  return (
    <section className="card issued-codes" data-testid="issued-codes" aria-labelledby="issued-codes-title">
      <h2 id="issued-codes-title" className="card-title" tabIndex={-1} ref={heading}>
        {t('organizer.codes.issuedTitle', { count: codes.length })}
      </h2>
      <p className="org-warning" role="alert">
        <strong>{t('organizer.codes.onceTitle')}</strong> {t('organizer.codes.onceText')}
      </p>
      <div className="org-actions">
        {csv !== null && (
          <button
            type="button"
            className="button primary"
            onClick={() => saveText(csv, filename, 'text/csv;charset=utf-8')}
            data-testid="codes-csv"
          >
            {t('organizer.codes.downloadCsv')}
          </button>
        )}
        {codes.length > 0 && (
          <button
            type="button"
            className="button"
            aria-expanded={cards}
            onClick={() => setCards((v) => !v)}
            data-testid="codes-cards"
          >
            {t('organizer.codes.cards')}
          </button>
        )}
        <button type="button" className="button" onClick={onClose} data-testid="codes-done">
          {t('organizer.codes.done')}
        </button>
      </div>
      {cards && <JoinCards codes={codes} />}
      {codes.length > 0 && (
        <div className="org-table-wrap">
          <table className="org-table">
            <thead>
              <tr>
                <th scope="col">{t('organizer.fields.name')}</th>
                <th scope="col">{t('organizer.fields.email')}</th>
                <th scope="col">{t('organizer.codes.code')}</th>
                <th scope="col">{t('organizer.codes.link')}</th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <tr key={c.code} data-testid="issued-code">
                  <td>{c.name}</td>
                  <td>{c.email ?? '—'}</td>
                  <td>
                    <code className="code-value" data-testid="issued-code-value">
                      {c.code}
                    </code>
                  </td>
                  <td className="link-cell">
                    <a href={c.link} target="_blank" rel="noopener noreferrer">
                      {c.link}
                    </a>
                    {codes.length <= 20 && <CopyButton text={c.link} label={t('organizer.codes.copyLink')} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
