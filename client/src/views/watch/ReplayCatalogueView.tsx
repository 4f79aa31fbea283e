import '../../i18n/watch.ts';
import '../../features/player/player.css';
import type { Ack, Programme, ReplayCatalogue, ReplayEntry } from '@agora/shared';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, firstRole } from '../../api/http.ts';
import { watchApi } from '../../api/watch.ts';
import { clockText } from '../../features/player/player-clock.ts';
import { navigate, paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { formatDay, formatTime } from '../../ui/format.ts';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { filterChoices, filterReplays, noFilters, type ReplayFilters } from './replay-filters.ts';
import { UserText } from '../../ui/UserText.tsx';
import { answerAgain } from '../../api/ask-again.ts';

type Loaded =
  | { kind: 'joinFirst' }
  | { kind: 'error'; answer: Ack<unknown> & { ok: false } }
  | { kind: 'ok'; programme: Programme; catalogue: ReplayCatalogue };

async function load(slug: string): Promise<Loaded> {
  const held = await firstRole(['participant', 'moderator']);
  if (!held.ok) return { kind: 'error', answer: held };
  const me = held.data;
  if (!me || me.editionSlug !== slug) return { kind: 'joinFirst' };
  const [programme, catalogue] = await Promise.all([
    api.programme(slug, me.role),
    watchApi.replayCatalogue(slug, me.role),
  ]);
  if (!programme.ok) return { kind: 'error', answer: programme };
  if (!catalogue.ok) return { kind: 'error', answer: catalogue };
  return { kind: 'ok', programme: programme.data, catalogue: catalogue.data };
}

/** The edition's replays: filter by day, kind and speaker, search by title, resume where one stopped. */
export function ReplayCatalogueView({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const data = useAsync(
    () => load(slug),
    [slug],
    (v) => v.kind === 'error' && answerAgain(v.answer),
  );
  useEffect(() => {
    if (data.kind === 'done' && data.value.kind === 'joinFirst')
      navigate(`${paths.join(slug)}?next=${encodeURIComponent(paths.replays(slug))}`, { replace: true });
  }, [data, slug]);
  if (data.kind === 'loading' || data.value.kind !== 'ok') {
    return (
      <>
        <Header home={paths.programme(slug)} />
        <main id="main" className="page">
          {data.kind === 'done' && data.value.kind === 'error' ? (
            <ErrorMessage error={data.value.answer.error} retrying />
          ) : (
            <p className="muted">{t('app.loading')}</p>
          )}
        </main>
      </>
    );
  }
  return <Catalogue programme={data.value.programme} catalogue={data.value.catalogue} />;
}

function Catalogue({ programme, catalogue }: { programme: Programme; catalogue: ReplayCatalogue }) {
  const { t, i18n } = useTranslation();
  const { edition } = programme;
  const tz = edition.timeZone;
  const [filters, setFilters] = useState<ReplayFilters>(noFilters);
  const choices = useMemo(() => filterChoices(catalogue.entries, tz), [catalogue.entries, tz]);
  const shown = useMemo(
    () => filterReplays(catalogue.entries, filters, tz),
    [catalogue.entries, filters, tz],
  );
  const set = (patch: Partial<ReplayFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const until = formatDay(catalogue.replayUntil, i18n.language);

  return (
    <>
      <Header title={edition.name} home={paths.programme(edition.slug)} />
      <main id="main" className="page replay-catalogue">
        <p className="back">
          <Link href={paths.programme(edition.slug)}>{t('app.backToProgramme')}</Link>
        </p>
        <h1>{t('watch.catalogue')}</h1>
        {catalogue.availability === 'open' ? (
          <p className="muted">{t('watch.replayUntil', { date: until })}</p>
        ) : (
          <p className="notice" role="status" data-testid="catalogue-closed">
            {catalogue.availability === 'not-yet' ? t('watch.notYet') : t('watch.noLonger', { date: until })}
          </p>
        )}
        {catalogue.entries.length > 0 && (
          <form
            className="replay-filters card"
            role="search"
            aria-label={t('watch.filters')}
            onSubmit={(e) => e.preventDefault()}
          >
            <label>
              {t('watch.search')}
              <input
                type="search"
                value={filters.search}
                onChange={(e) => set({ search: e.target.value })}
                data-testid="replay-search"
              />
            </label>
            <label>
              {t('watch.day')}
              <select
                value={filters.day}
                onChange={(e) => set({ day: e.target.value })}
                data-testid="replay-day"
              >
                <option value="">{t('watch.all')}</option>
                {choices.days.map((d) => (
                  <option key={d} value={d}>
                    {formatDay(d, i18n.language)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('watch.kind')}
              <select
                value={filters.kind}
                onChange={(e) =>
                  set({ kind: e.target.value === '' ? '' : (e.target.value as ReplayEntry['kind']) })
                }
                data-testid="replay-kind"
              >
                <option value="">{t('watch.all')}</option>
                <option value="plenary">{t('programme.plenary')}</option>
                <option value="workshop">{t('programme.workshop')}</option>
              </select>
            </label>
            <label>
              {t('watch.speaker')}
              <select
                value={filters.speaker}
                onChange={(e) => set({ speaker: e.target.value })}
                data-testid="replay-speaker"
              >
                <option value="">{t('watch.all')}</option>
                {choices.speakers.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </form>
        )}
        {catalogue.entries.length === 0 ? (
          <p>{t('watch.noReplays')}</p>
        ) : shown.length === 0 ? (
          <p>{t('watch.noMatch')}</p>
        ) : (
          <ul className="replay-list">
            {shown.map((e) => (
              <li
                key={e.sessionId}
                className="card replay-entry"
                data-testid="replay-entry"
                data-session-id={e.sessionId}
              >
                <div className="session-meta">
                  <span className={`badge kind-${e.kind}`}>{t(`programme.${e.kind}`)}</span>
                  <span className="muted">
                    {formatDay(e.startsAt, i18n.language, tz)} · {formatTime(e.startsAt, i18n.language, tz)}
                  </span>
                </div>
                <h2 className="session-title">
                  <Link href={paths.replay(edition.slug, e.sessionId)}>
                    <UserText text={e.title} />
                  </Link>
                </h2>
                {e.speakers.length > 0 && (
                  <p className="speakers">
                    <UserText text={e.speakers.join(' · ')} />
                  </p>
                )}
                <p className="session-actions">
                  <Link
                    className="button primary"
                    href={paths.replay(edition.slug, e.sessionId)}
                    data-testid="replay-open"
                  >
                    {e.resumeAtSeconds !== null
                      ? t('watch.resumeAt', { time: clockText(e.resumeAtSeconds) })
                      : t('watch.watchReplay')}
                  </Link>
                  {e.watchedSeconds > 0 && (
                    <span className="muted small">
                      {t('watch.watched', { time: clockText(e.watchedSeconds) })}
                    </span>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
