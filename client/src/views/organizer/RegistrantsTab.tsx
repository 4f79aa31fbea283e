import type {
  AppErrorBody,
  AttendanceMode,
  IssuedCode,
  OrganizerEdition,
  RegistrantView,
} from '@agora/shared';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, importCsv, issueCodesCsv, routeUrl } from './api.ts';
import { readSemicolonCsv } from './csv-text.ts';
import { ImportBox } from './ImportBox.tsx';
import { ConfirmDialog, IssuedCodesPanel, OrgError, TabLoading } from './ui.tsx';
import { useCall } from './use-call.ts';

/** Rows drawn at once; a search narrows a list of thousands. */
const SHOWN = 200;

type Issued = { codes: Pick<IssuedCode, 'name' | 'email' | 'code' | 'link'>[]; csv: string | null };

/** Accent- and case-insensitive search key. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function RegistrantsTab({ edition, onChanged }: { edition: OrganizerEdition; onChanged: () => void }) {
  const { t } = useTranslation();
  const slug = edition.slug;
  const { result, reload } = useCall('listRegistrants', { params: { slug } });
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [confirm, setConfirm] = useState<{
    kind: 'revoke' | 'reissue' | 'erase';
    registrant: RegistrantView;
  } | null>(null);
  const [notice, setNotice] = useState<{ key: string; name: string } | null>(null);

  const registrants = result?.ok ? result.data.registrants : [];
  const withCode = registrants.filter((r) => r.hasCode).length;
  const missing = registrants.length - withCode;
  const needle = fold(deferred.trim());
  const matches = needle
    ? registrants.filter((r) => fold(`${r.name} ${r.email} ${r.organisation}`).includes(needle))
    : registrants;

  const changed = () => {
    reload();
    onChanged();
  };

  const issueMissing = async () => {
    setBusy(true);
    setError(null);
    const res = await issueCodesCsv(slug);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    const [, ...rows] = readSemicolonCsv(res.data);
    setIssued({
      csv: res.data,
      codes: rows.map(([name = '', email = '', code = '', link = '']) => ({ name, email, code, link })),
    });
    reload();
  };

  const act = async (
    run: () => Promise<{ ok: boolean; error?: AppErrorBody }>,
    done?: { key: string; name: string },
  ) => {
    setError(null);
    setNotice(null);
    const res = await run();
    if (!res.ok && res.error) setError(res.error);
    else if (done) setNotice(done);
    changed();
  };

  const reissue = async (r: RegistrantView) => {
    setError(null);
    const res = await call('reissueRegistrant', { params: { slug, id: r.id } });
    if (!res.ok) return setError(res.error);
    setIssued({ codes: [res.data], csv: null });
    reload();
  };

  const setMode = (r: RegistrantView, attendance: AttendanceMode) =>
    act(() => call('updateRegistrant', { params: { slug, id: r.id }, body: { attendance } }));

  if (!result) return <TabLoading />;
  return (
    <div className="org-registrants">
      <ImportBox
        title={t('organizer.registrants.importTitle')}
        hint={t('organizer.registrants.importHint')}
        accept=".csv,text/csv"
        upload={(_file, text) => importCsv('importRegistrants', { slug }, text)}
        onImported={changed}
        testId="registrants-import"
      />

      <section className="card" aria-labelledby="codes-title">
        <h2 id="codes-title" className="card-title">
          {t('organizer.codes.title')}
        </h2>
        <p data-testid="codes-summary">
          {t('organizer.codes.summary', { total: registrants.length, withCode, missing })}
        </p>
        <div className="org-actions">
          <button
            type="button"
            className="button primary"
            disabled={busy || missing === 0}
            onClick={() => void issueMissing()}
            data-testid="issue-codes"
          >
            {t('organizer.codes.issueMissing', { count: missing })}
          </button>
        </div>
        <p className="field-hint">{t('organizer.codes.issueHint')}</p>
      </section>

      {issued && (
        <IssuedCodesPanel
          key={issued.codes[0]?.code ?? 'none'}
          codes={issued.codes}
          csv={issued.csv}
          filename={`codes-${slug}.csv`}
          onClose={() => setIssued(null)}
        />
      )}

      <section className="card" aria-labelledby="registrants-title">
        <div className="org-title-row">
          <h2 id="registrants-title" className="card-title">
            {t('organizer.registrants.title', { count: registrants.length })}
          </h2>
          <div className="org-search">
            <label className="sr-only" htmlFor="registrant-search">
              {t('organizer.registrants.search')}
            </label>
            <input
              id="registrant-search"
              type="search"
              placeholder={t('organizer.registrants.search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              data-testid="registrant-search"
            />
          </div>
        </div>
        <OrgError error={error} testId="registrants-error" />
        {notice && (
          <p className="notice" role="status">
            {t(notice.key, { name: notice.name })}
          </p>
        )}
        {result && !result.ok && <OrgError error={result.error} />}
        {registrants.length === 0 && result?.ok && (
          <p className="muted">{t('organizer.registrants.empty')}</p>
        )}
        {matches.length > 0 && (
          <div className="org-table-wrap">
            <table className="org-table" data-testid="registrants-table">
              <thead>
                <tr>
                  <th scope="col">{t('organizer.fields.name')}</th>
                  <th scope="col" className="email-col">
                    {t('organizer.fields.email')}
                  </th>
                  <th scope="col">{t('organizer.fields.organisation')}</th>
                  <th scope="col">{t('organizer.fields.attendance')}</th>
                  <th scope="col">{t('organizer.codes.code')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('organizer.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {matches.slice(0, SHOWN).map((r) => (
                  <tr key={r.id} data-testid="registrant-row" data-email={r.email}>
                    <td>
                      {r.name}
                      {/* On a tablet the email moves under the name, to leave room for the actions. */}
                      <span className="email-under">{r.email}</span>
                    </td>
                    <td className="email-cell email-col">{r.email}</td>
                    <td>{r.organisation}</td>
                    <td>
                      <select
                        className="compact-select"
                        value={r.attendance}
                        aria-label={t('organizer.registrants.modeOf', { name: r.name })}
                        onChange={(e) => void setMode(r, e.target.value as AttendanceMode)}
                        data-testid="registrant-mode"
                      >
                        <option value="onsite">{t('organizer.mode.onsite')}</option>
                        <option value="remote">{t('organizer.mode.remote')}</option>
                      </select>
                    </td>
                    <td>
                      {r.hasCode ? (
                        <span className="badge status-approved">{t('organizer.codes.active')}</span>
                      ) : (
                        <span className="badge status-pending">{t('organizer.codes.none')}</span>
                      )}
                    </td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button small-button"
                          onClick={() =>
                            r.hasCode ? setConfirm({ kind: 'reissue', registrant: r }) : void reissue(r)
                          }
                        >
                          {r.hasCode ? t('organizer.codes.reissue') : t('organizer.codes.issueOne')}
                        </button>
                        {r.hasCode && (
                          <button
                            type="button"
                            className="button small-button"
                            onClick={() => setConfirm({ kind: 'revoke', registrant: r })}
                          >
                            {t('organizer.codes.revoke')}
                          </button>
                        )}
                        <a
                          className="button small-button"
                          href={routeUrl('exportRegistrant', { params: { slug, id: r.id } })}
                          download={`${slug}-${r.id}.json`}
                        >
                          {t('organizer.registrants.data')}
                        </a>
                        <button
                          type="button"
                          className="button small-button danger-outline"
                          onClick={() => setConfirm({ kind: 'erase', registrant: r })}
                        >
                          {t('organizer.registrants.erase')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {matches.length > SHOWN && (
          <p className="muted small">
            {t('organizer.registrants.more', { shown: SHOWN, count: matches.length })}
          </p>
        )}
        {needle && matches.length === 0 && <p className="muted">{t('organizer.registrants.noMatch')}</p>}
      </section>

      {confirm && (
        <ConfirmDialog
          kind={confirm.kind}
          name={confirm.registrant.name}
          onConfirm={() => {
            const { kind, registrant } = confirm;
            if (kind === 'reissue') return void reissue(registrant);
            void act(
              () =>
                kind === 'erase'
                  ? call('eraseRegistrant', { params: { slug, id: registrant.id } })
                  : call('revokeRegistrant', { params: { slug, id: registrant.id } }),
              { key: `organizer.registrants.${kind}Done`, name: registrant.name },
            );
          }}
          onClose={() => setConfirm(null)}
        />
      )}
    </div>
  );
}
