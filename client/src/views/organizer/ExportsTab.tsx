import type { OrganizerEdition } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../ui/UserText.tsx';
import { formatTime } from '../../ui/format.ts';
import { Link } from '../../ui/Link.tsx';
import { routeUrl } from './api.ts';
import { orgPaths } from './organizer-routes.ts';
import { OrgError, TabLoading } from './ui.tsx';
import { useCall } from './use-call.ts';

const tables = ['questions', 'polls', 'words', 'participation'] as const;

/** CSV (one table) and JSON (everything) downloads, per edition and per session, and the printable reports. */
export function ExportsTab({ edition }: { edition: OrganizerEdition }) {
  const { t, i18n } = useTranslation();
  const slug = edition.slug;
  const { result } = useCall('listSessions', { params: { slug } });
  if (!result) return <TabLoading />;
  return (
    <div className="org-exports">
      <section className="card" aria-labelledby="export-edition">
        <h2 id="export-edition" className="card-title">
          {t('organizer.exports.edition')}
        </h2>
        <p className="field-hint">{t('organizer.exports.hint')}</p>
        <div className="org-actions">
          {tables.map((table) => (
            <a
              key={table}
              className="button"
              href={routeUrl('exportEdition', { params: { slug }, query: { format: 'csv', table } })}
              download={`${slug}-${table}.csv`}
              data-testid={`export-edition-${table}`}
            >
              {t(`organizer.exports.${table}`)} · CSV
            </a>
          ))}
          <a
            className="button"
            href={routeUrl('exportEdition', { params: { slug }, query: { format: 'json' } })}
            download={`${slug}.json`}
          >
            {t('organizer.exports.all')} · JSON
          </a>
        </div>
      </section>
      <section className="card" aria-labelledby="export-sessions">
        <h2 id="export-sessions" className="card-title">
          {t('organizer.exports.sessions')}
        </h2>
        {result && !result.ok && <OrgError error={result.error} />}
        <div className="org-table-wrap">
          <table className="org-table">
            <thead>
              <tr>
                <th scope="col">{t('organizer.live.session')}</th>
                <th scope="col">CSV</th>
                <th scope="col">JSON</th>
                <th scope="col">{t('organizer.exports.report')}</th>
              </tr>
            </thead>
            <tbody>
              {(result?.ok ? result.data.sessions : []).map((s) => (
                <tr key={s.id} data-testid="export-session-row">
                  <th scope="row">
                    <span className="muted small">
                      {new Intl.DateTimeFormat(i18n.language, {
                        dateStyle: 'short',
                        timeZone: edition.timeZone,
                      }).format(s.startsAt)}{' '}
                      {formatTime(s.startsAt, i18n.language, edition.timeZone)}
                    </span>{' '}
                    <UserText text={s.title} />
                  </th>
                  <td>
                    <div className="row-actions">
                      {tables.map((table) => (
                        <a
                          key={table}
                          className="button small-button"
                          href={routeUrl('exportSession', {
                            params: { slug, sessionId: s.id },
                            query: { format: 'csv', table },
                          })}
                          download={`${slug}-${s.id}-${table}.csv`}
                        >
                          {t(`organizer.exports.${table}`)}
                        </a>
                      ))}
                    </div>
                  </td>
                  <td>
                    <a
                      className="button small-button"
                      href={routeUrl('exportSession', {
                        params: { slug, sessionId: s.id },
                        query: { format: 'json' },
                      })}
                      download={`${slug}-${s.id}.json`}
                    >
                      JSON
                    </a>
                  </td>
                  <td>
                    <Link
                      className="button small-button primary"
                      href={orgPaths.report(slug, s.id)}
                      data-testid="open-report"
                    >
                      {t('organizer.exports.openReport')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
