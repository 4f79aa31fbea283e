import {
  attendanceRoutes as routes,
  AttendanceReport,
  AttendanceSettings,
  type AppErrorBody,
  type OrganizerEdition,
} from '@agora/shared';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { registerAttendanceTranslations } from '../../features/attendance/attendance-i18n.ts';
import { UserText } from '../../ui/UserText.tsx';
import { formatDay, formatTime } from '../../ui/format.ts';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';
import { fillPath } from './api.ts';
import { json, jsonBody } from './content-api.ts';
import { OrgError, TabLoading } from './ui.tsx';

registerAttendanceTranslations();

const at = (path: string, slug: string, query = '') => `${fillPath(path, { slug })}${query}`;

/** The edition's attendance per session and per person, its exports, and the certificates' settings. */
export function AttendanceTab({ edition }: { edition: OrganizerEdition }) {
  const { t, i18n } = useTranslation();
  const spaced = useFrenchSpacing();
  const slug = edition.slug;
  const [report, setReport] = useState<AttendanceReport | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  useEffect(() => {
    let live = true;
    void json(AttendanceReport, at(routes.attendanceReport.path, slug)).then((r) => {
      if (!live) return;
      if (r.ok) setReport(r.data);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [slug]);
  const min = (count: number) => t('organizer.attendance.minutes', { count });
  const titles = new Map(report?.sessions.map((s) => [s.sessionId, spaced(s.title)]));
  const attended = report?.people.filter((p) => p.sessions.length > 0) ?? [];
  if (!report && !error) return <TabLoading />;
  return (
    <div className="org-attendance" data-testid="attendance-tab">
      <OrgError error={error} />
      <section className="card" aria-labelledby="attendance-exports">
        <h2 id="attendance-exports" className="card-title">
          {t('organizer.attendance.exports')}
        </h2>
        <div className="org-actions">
          <a
            className="button"
            href={at(routes.attendanceReport.path, slug, '?format=csv&table=sessions')}
            download
          >
            {t('organizer.attendance.csvSessions')}
          </a>
          <a
            className="button"
            href={at(routes.attendanceReport.path, slug, '?format=csv&table=people')}
            download
          >
            {t('organizer.attendance.csvPeople')}
          </a>
          <a
            className="button"
            href={at(routes.attendanceReport.path, slug)}
            download={`presence-${slug}.json`}
          >
            {t('organizer.attendance.json')}
          </a>
          <a
            className="button"
            href={at(routes.attendanceCertificates.path, slug)}
            download
            data-testid="attendance-certificates"
          >
            {t('organizer.attendance.certificates')}
          </a>
        </div>
      </section>
      <section className="card" aria-labelledby="attendance-sessions">
        <h2 id="attendance-sessions" className="card-title">
          {t('organizer.attendance.sessions')}
        </h2>
        <div className="org-table-wrap">
          <table className="org-table" data-testid="attendance-sessions">
            <thead>
              <tr>
                <th>{t('organizer.attendance.session')}</th>
                <th>{t('organizer.attendance.start')}</th>
                <th>{t('organizer.attendance.length')}</th>
                <th>{t('organizer.attendance.attendees')}</th>
                <th>{t('organizer.attendance.live')}</th>
                <th>{t('organizer.attendance.viewers')}</th>
                <th>{t('organizer.attendance.replay')}</th>
              </tr>
            </thead>
            <tbody>
              {report?.sessions.map((s) => (
                <tr key={s.sessionId}>
                  <td>
                    <UserText text={s.title} />
                  </td>
                  <td>
                    {formatDay(s.startsAt, i18n.language, edition.timeZone)}{' '}
                    {formatTime(s.startsAt, i18n.language, edition.timeZone)}
                  </td>
                  <td>{min(s.lengthMinutes)}</td>
                  <td>{s.liveAttendees}</td>
                  <td>{min(s.liveMinutes)}</td>
                  <td>{s.replayViewers}</td>
                  <td>{min(s.replayMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="attendance-people">
        <h2 id="attendance-people" className="card-title">
          {t('organizer.attendance.people')}
        </h2>
        {report && attended.length === 0 && <p className="muted">{t('organizer.attendance.empty')}</p>}
        <div className="org-table-wrap">
          <table className="org-table" data-testid="attendance-people">
            <thead>
              <tr>
                <th>{t('organizer.attendance.name')}</th>
                <th>{t('organizer.attendance.organisation')}</th>
                <th>{t('organizer.attendance.live')}</th>
                <th>{t('organizer.attendance.replay')}</th>
                <th>{t('organizer.attendance.sessions')}</th>
              </tr>
            </thead>
            <tbody>
              {attended.map((p) => (
                <tr key={p.participantId}>
                  <td>{p.name}</td>
                  <td>{p.organisation}</td>
                  <td>{min(p.liveMinutes)}</td>
                  <td>{min(p.replayMinutes)}</td>
                  <td>{p.sessions.map((s) => titles.get(s.sessionId) ?? '').join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <CertificateSettings slug={slug} />
    </div>
  );
}

/** The certificates' organizer name, wording and signatory. */
function CertificateSettings({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [settings, setSettings] = useState<AttendanceSettings | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void json(AttendanceSettings, at(routes.attendanceSettings.path, slug)).then((r) => {
      if (r.ok) setSettings(r.data);
      else setError(r.error);
    });
  }, [slug]);
  if (!settings) return <OrgError error={error} />;
  const change = (field: keyof AttendanceSettings) => (e: { target: { value: string } }) => {
    setSettings({ ...settings, [field]: e.target.value });
    setSaved(false);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const r = await json(
      AttendanceSettings,
      at(routes.setAttendanceSettings.path, slug),
      jsonBody('PUT', settings),
    );
    setError(r.ok ? null : r.error);
    setSaved(r.ok);
    if (r.ok) setSettings(r.data);
  };
  return (
    <section className="card" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="card-title">
        {t('organizer.attendance.settings')}
      </h2>
      <form className="org-form" onSubmit={save} data-testid="attendance-settings">
        <div className="org-grid-2">
          <div>
            <label className="field-label" htmlFor={`${id}-org`}>
              {t('organizer.attendance.organizerName')}
            </label>
            <input
              type="text"
              id={`${id}-org`}
              value={settings.organizerName}
              onChange={change('organizerName')}
              maxLength={200}
            />
          </div>
          <div>
            <label className="field-label" htmlFor={`${id}-sig`}>
              {t('organizer.attendance.signatory')}
            </label>
            <input
              type="text"
              id={`${id}-sig`}
              value={settings.signatory}
              onChange={change('signatory')}
              maxLength={200}
            />
          </div>
          <div className="span-2">
            <label className="field-label" htmlFor={`${id}-w`}>
              {t('organizer.attendance.wording')}
            </label>
            <textarea
              id={`${id}-w`}
              value={settings.wording}
              onChange={change('wording')}
              maxLength={2000}
              rows={3}
              aria-describedby={`${id}-wh`}
            />
            <p className="field-hint" id={`${id}-wh`}>
              {t('organizer.attendance.wordingHint')}
            </p>
          </div>
        </div>
        <div className="org-actions">
          <button type="submit" className="button primary">
            {t('organizer.attendance.save')}
          </button>
          {saved && (
            <p className="notice" role="status">
              {t('organizer.attendance.saved')}
            </p>
          )}
        </div>
        <OrgError error={error} />
      </form>
    </section>
  );
}
