import './content-tab.css';
import type {
  AppErrorBody,
  DocumentAdminView,
  OrganizerEdition,
  PartnerView,
  Session,
  UploadReport,
} from '@agora/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../ui/UserText.tsx';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';
import { contentApi } from './content-api.ts';
import { registerContentTranslations } from './content-i18n.ts';
import { ImportBox } from './ImportBox.tsx';
import { PartnerReportView } from './PartnerReportView.tsx';
import { OrgError, TabLoading } from './ui.tsx';
import { useCall } from './use-call.ts';

registerContentTranslations();

/** The edition's documents (upload with progress, per-file results, hide, replace, delete) and partners. */
export function ContentTab({ edition }: { edition: OrganizerEdition }) {
  const { t } = useTranslation();
  const spaced = useFrenchSpacing();
  const slug = edition.slug;
  const sessions = useCall('listSessions', { params: { slug } });
  const [documents, setDocuments] = useState<DocumentAdminView[]>([]);
  const [partners, setPartners] = useState<PartnerView[]>([]);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((n) => n + 1);

  useEffect(() => {
    let live = true;
    void Promise.all([contentApi.documents(slug), contentApi.partners(slug)]).then(([d, p]) => {
      if (!live) return;
      if (d.ok) setDocuments(d.data.documents);
      if (p.ok) setPartners(p.data.partners);
      setError(!d.ok ? d.error : !p.ok ? p.error : null);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [slug, tick]);

  const sessionList = sessions.result?.ok ? sessions.result.data.sessions : [];
  const titleOf = new Map<string, string>([
    ...sessionList.map((s) => [s.id, s.title] as const),
    ...partners.map((p) => [p.id, p.name] as const),
  ]);
  const act = async (done: Promise<{ ok: boolean; error?: AppErrorBody }>) => {
    const answer = await done;
    setError(answer.ok ? null : (answer.error ?? null));
    reload();
  };

  if (!loaded || !sessions.result) return <TabLoading />;
  return (
    <div className="org-content" data-testid="content-tab">
      <OrgError error={error} />
      <h2>{t('organizer.content.documents')}</h2>
      <UploadForm slug={slug} sessions={sessionList} partners={partners} onUploaded={reload} />
      {documents.length === 0 ? (
        <p className="muted">{t('organizer.content.noDocuments')}</p>
      ) : (
        <div className="org-table-wrap">
          <table className="org-table" data-testid="documents-table">
            <thead>
              <tr>
                <th>{t('organizer.content.title')}</th>
                <th>{t('organizer.content.kind')}</th>
                <th>{t('organizer.content.attached')}</th>
                <th>{t('organizer.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id} data-testid="document-row" className={d.hidden ? 'muted' : undefined}>
                  <td>
                    <UserText text={d.title} />
                    {d.hidden && <span className="badge">{t('organizer.content.hidden')}</span>}
                  </td>
                  <td>{d.kind.toUpperCase()}</td>
                  <td>
                    {[...d.sessionIds, ...d.partnerIds]
                      .map((id) => titleOf.get(id) ?? id)
                      .concat(d.speakers)
                      .map(spaced)
                      .join(' · ')}
                  </td>
                  <td className="org-actions">
                    <button
                      type="button"
                      className="button small-button"
                      onClick={() => void act(contentApi.updateDocument(slug, d.id, { hidden: !d.hidden }))}
                    >
                      {t(d.hidden ? 'organizer.content.show' : 'organizer.content.hide')}
                    </button>
                    {d.file && (
                      <label className="button small-button">
                        {t('organizer.content.replace')}
                        <input
                          type="file"
                          hidden
                          accept="application/pdf,video/mp4,video/webm"
                          onChange={(e) => {
                            const file = e.target.files?.[0];
                            if (file) void act(contentApi.replaceFile(slug, d.id, file, () => undefined));
                          }}
                        />
                      </label>
                    )}
                    <button
                      type="button"
                      className="button small-button danger"
                      onClick={() => void act(contentApi.deleteDocument(slug, d.id))}
                    >
                      {t('organizer.content.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <PartnerReportView slug={slug} tick={tick} />

      <h2>{t('organizer.content.partners')}</h2>
      <PartnerForm slug={slug} onAdded={reload} />
      <ImportBox
        title={t('organizer.content.importPartners')}
        hint={t('organizer.content.importHint')}
        accept=".csv,text/csv"
        upload={(_file, text) => contentApi.importPartners(slug, text)}
        onImported={reload}
        testId="partners-import"
      />
      {partners.length === 0 ? (
        <p className="muted">{t('organizer.content.noPartners')}</p>
      ) : (
        <ul className="org-partners">
          {partners.map((p) => (
            <li key={p.id} className="card" data-testid="partner-row">
              {p.logoUrl && <img src={p.logoUrl} alt="" height={40} />}
              <strong>
                <UserText text={p.name} />
              </strong>{' '}
              <span className="muted small">
                <UserText text={[p.tier, p.stand].filter(Boolean).join(' · ')} />
              </span>
              <span className="org-actions">
                <label className="button small-button">
                  {t('organizer.content.logo')}
                  <input
                    type="file"
                    hidden
                    accept="image/png,image/jpeg,image/webp,image/gif"
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      if (file) void act(contentApi.setLogo(slug, p.id, file));
                    }}
                  />
                </label>
                <a className="button small-button" href={contentApi.contactsCsvUrl(slug, p.id)}>
                  {t('organizer.content.contacts')}
                </a>
                <button
                  type="button"
                  className="button small-button danger"
                  onClick={() => void act(contentApi.deletePartner(slug, p.id))}
                >
                  {t('organizer.content.delete')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadForm({
  slug,
  sessions,
  partners,
  onUploaded,
}: {
  slug: string;
  sessions: readonly Session[];
  partners: readonly PartnerView[];
  onUploaded: () => void;
}) {
  const { t } = useTranslation();
  const spaced = useFrenchSpacing();
  const [files, setFiles] = useState<File[]>([]);
  const [sessionId, setSessionId] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<UploadReport | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (files.length === 0) return;
    setProgress(0);
    const answer = await contentApi.upload(
      slug,
      files,
      { sessionIds: sessionId ? [sessionId] : [], partnerIds: partnerId ? [partnerId] : [] },
      setProgress,
    );
    setProgress(null);
    setReport(answer.ok ? answer.data : null);
    setError(answer.ok ? null : answer.error);
    if (answer.ok) onUploaded();
  };

  return (
    <form className="card org-upload" onSubmit={(e) => void submit(e)} data-testid="upload-form">
      <p className="muted small">{t('organizer.content.uploadHint')}</p>
      <label className="field">
        {t('organizer.content.files')}
        <input
          type="file"
          multiple
          accept="application/pdf,video/mp4,video/webm"
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
          data-testid="upload-files"
        />
      </label>
      <label className="field">
        {t('organizer.content.session')}
        <select value={sessionId} onChange={(e) => setSessionId(e.target.value)} data-testid="upload-session">
          <option value="">{t('organizer.content.none')}</option>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {spaced(s.title)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('organizer.content.partner')}
        <select value={partnerId} onChange={(e) => setPartnerId(e.target.value)} data-testid="upload-partner">
          <option value="">{t('organizer.content.none')}</option>
          {partners.map((p) => (
            <option key={p.id} value={p.id}>
              {spaced(p.name)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button primary" disabled={files.length === 0 || progress !== null}>
        {progress === null
          ? t('organizer.content.upload')
          : t('organizer.content.uploading', { percent: Math.round(progress * 100) })}
      </button>
      {progress !== null && <progress value={progress} max={1} data-testid="upload-progress" />}
      <OrgError error={error} />
      {report && (
        <ul className="org-upload-results" data-testid="upload-results">
          {report.results.map((r, i) => (
            <li key={i} data-ok={r.ok} className={r.ok ? undefined : 'error'}>
              {r.name} — {r.ok ? t('organizer.content.stored') : t(`errors.${r.error.code}`)}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function PartnerForm({ slug, onAdded }: { slug: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [tier, setTier] = useState('');
  const [stand, setStand] = useState('');
  const [error, setError] = useState<AppErrorBody | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const answer = await contentApi.createPartner(slug, { name, tier, stand });
    setError(answer.ok ? null : answer.error);
    if (answer.ok) {
      setName('');
      setTier('');
      setStand('');
      onAdded();
    }
  };
  return (
    <form className="card org-inline-form" onSubmit={(e) => void submit(e)} data-testid="partner-form">
      <label className="field">
        {t('organizer.content.partnerName')}
        <input type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        {t('organizer.content.tier')}
        <input type="text" maxLength={100} value={tier} onChange={(e) => setTier(e.target.value)} />
      </label>
      <label className="field">
        {t('organizer.content.stand')}
        <input type="text" maxLength={200} value={stand} onChange={(e) => setStand(e.target.value)} />
      </label>
      <button type="submit" className="button primary">
        {t('organizer.content.addPartner')}
      </button>
      <OrgError error={error} />
    </form>
  );
}
