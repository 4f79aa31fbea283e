import type { Ack, Me, Programme, Role, ProgrammeSession } from '@agora/shared';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, heldRoles } from '../../api/http.ts';
import { navigate, paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { formatDay, formatTime } from '../../ui/format.ts';
import { CertificateLink } from '../../features/attendance/CertificateLink.tsx';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { useNow } from '../../ui/use-now.ts';
import { NowNext, SessionTimes } from './NowNext.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { answerAgain } from '../../api/ask-again.ts';

/** The roles held for this edition and the programme; `programme` null: none held (the join page). */
type Loaded = { roles: Me[]; programme: Ack<Programme> | null };

async function load(slug: string): Promise<Loaded> {
  const held = await heldRoles();
  // A role check left undecided is shown and asked again, like a programme that did not come.
  if (!held.ok) return { roles: [], programme: held };
  const roles = held.data.filter((m) => m.editionSlug === slug);
  const first = roles[0];
  if (!first) return { roles, programme: null };
  return { roles, programme: await api.programme(slug, first.role) };
}

/** Sessions grouped by day, then by start time: parallel workshops share a slot. */
function groupSessions(sessions: readonly ProgrammeSession[], lang: string, timeZone: string) {
  const days = new Map<string, Map<number, ProgrammeSession[]>>();
  for (const s of [...sessions].sort((a, b) => a.startsAt - b.startsAt || a.room.localeCompare(b.room))) {
    const day = formatDay(s.startsAt, lang, timeZone);
    let slots = days.get(day);
    if (!slots) days.set(day, (slots = new Map()));
    const slot = slots.get(s.startsAt) ?? [];
    slot.push(s);
    slots.set(s.startsAt, slot);
  }
  return days;
}

export function ProgrammeView({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const data = useAsync(
    () => load(slug),
    [slug],
    (v) => answerAgain(v.programme),
  );

  useEffect(() => {
    if (data.kind === 'done' && data.value.programme === null)
      navigate(`${paths.join(slug)}?next=${encodeURIComponent(paths.programme(slug))}`, { replace: true });
  }, [data, slug]);

  if (data.kind === 'loading' || !data.value.programme) {
    return (
      <>
        <Header />
        <main id="main" className="page">
          <p className="muted">{t('app.loading')}</p>
        </main>
      </>
    );
  }
  const { roles, programme } = data.value;
  if (!programme.ok) {
    return (
      <>
        <Header />
        <main id="main" className="page">
          <ErrorMessage error={programme.error} retrying />
        </main>
      </>
    );
  }
  const held = new Set<Role>(roles.map((r) => r.role));
  return <ProgrammeList programme={programme.data} held={held} lang={i18n.language} t={t} />;
}

function ProgrammeList({
  programme,
  held,
  lang,
  t,
}: {
  programme: Programme;
  held: ReadonlySet<Role>;
  lang: string;
  t: ReturnType<typeof useTranslation>['t'];
}) {
  const { edition, sessions } = programme;
  const tz = edition.timeZone;
  const days = groupSessions(sessions, lang, tz);
  // « En direct » and « À suivre » move on by themselves while the page stays open.
  const now = useNow(true, 30_000);
  return (
    <>
      <Header title={edition.name} home={paths.programme(edition.slug)} />
      <main id="main" className="page">
        <h1>{t('programme.title')}</h1>
        <p className="muted small">
          {t('programme.joinedAs', { roles: [...held].map((r) => t(`programme.role_${r}`)).join(', ') })} ·{' '}
          <Link href={paths.join(edition.slug)}>{t('app.logout')}</Link>
        </p>
        <nav className="content-links" aria-label={t('content.documents')}>
          <Link href={paths.documents(edition.slug)}>{t('content.documents')}</Link>
          <Link href={paths.partners(edition.slug)}>{t('content.village')}</Link>
          <Link href={paths.replays(edition.slug)} data-testid="replays-link">
            {t('watch.catalogue')}
          </Link>
          {held.has('participant') && <CertificateLink slug={edition.slug} />}
        </nav>
        <NowNext programme={programme} held={held} now={now} />
        {sessions.length === 0 && <p>{t('programme.empty')}</p>}
        {[...days].map(([day, slots]) => (
          <section key={day} className="programme-day">
            <h2 className="day-title">{day}</h2>
            {[...slots].map(([startsAt, list]) => (
              <div key={startsAt} className="slot">
                <h3 className="slot-time">
                  <time dateTime={new Date(startsAt).toISOString()}>{formatTime(startsAt, lang, tz)}</time>
                </h3>
                <ul className="slot-sessions">
                  {list.map((s) => (
                    <li
                      key={s.id}
                      className="card session-card"
                      data-testid="programme-session"
                      data-session-id={s.id}
                    >
                      <div className="session-meta">
                        <span className={`badge kind-${s.kind}`}>{t(`programme.${s.kind}`)}</span>
                        <span className="muted">
                          <SessionTimes session={s} timeZone={tz} suffix={s.room ? ` · ${s.room}` : ''} />
                        </span>
                        {s.startsAt <= now && now < s.endsAt && (
                          <span className="badge live">{t('programme.live')}</span>
                        )}
                      </div>
                      <h4 className="session-title">
                        {held.has('participant') ? (
                          <Link href={paths.session(edition.slug, s.id)}>
                            <UserText text={s.title} />
                          </Link>
                        ) : (
                          <UserText text={s.title} />
                        )}
                      </h4>
                      {s.speakers.length > 0 && (
                        <p className="speakers">
                          <span className="sr-only">{t('programme.speakers')} </span>
                          <UserText
                            text={s.speakers
                              .map((sp) => (sp.role ? `${sp.name} (${sp.role})` : sp.name))
                              .join(' · ')}
                          />
                        </p>
                      )}
                      <div className="session-actions">
                        {held.has('participant') && (
                          <Link
                            className="button primary"
                            href={paths.session(edition.slug, s.id)}
                            data-testid="enter-session"
                          >
                            {t('programme.enter')}
                          </Link>
                        )}
                        {s.endsAt <= now && (held.has('participant') || held.has('moderator')) && (
                          <Link
                            className="button"
                            href={paths.replay(edition.slug, s.id)}
                            data-testid="session-replay"
                          >
                            {t('watch.watchReplay')}
                          </Link>
                        )}
                        {held.has('moderator') && (
                          <Link
                            className="button"
                            href={paths.moderate(edition.slug, s.id)}
                            data-testid="moderate-session"
                          >
                            {t('programme.moderate')}
                          </Link>
                        )}
                        {(held.has('moderator') || held.has('projector')) && (
                          <a
                            className="button"
                            href={paths.projector(edition.slug, s.id)}
                            target="_blank"
                            rel="noopener"
                            data-testid="projector-session"
                          >
                            {t('programme.projector')}
                          </a>
                        )}
                      </div>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        ))}
      </main>
    </>
  );
}
