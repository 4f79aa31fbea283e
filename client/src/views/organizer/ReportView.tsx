import type { Cloud, ExportQuestion, Poll, PollResults, SessionReport } from '@agora/shared';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pollBars, ratingAverage } from '../../state/interactions.state.ts';
import { formatDay, formatTime } from '../../ui/format.ts';
import { LanguageSwitch } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { orgPaths } from './organizer-routes.ts';
import { OrgError } from './ui.tsx';
import { useCall } from './use-call.ts';
import { UserText } from '../../ui/UserText.tsx';

/** What fits on one A4 page next to the figures and the charts. */
const TOP_QUESTIONS = 8;
const TOP_WORDS = 24;

/** The questions the audience saw (approved or answered), most voted first. */
export function topQuestions(questions: readonly ExportQuestion[], n = TOP_QUESTIONS): ExportQuestion[] {
  return questions
    .filter((q) => q.status === 'approved' || q.status === 'answered')
    .sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt)
    .slice(0, n);
}

/** A printable one-page summary of a session: header, figures, top questions, poll charts, top words. */
export function ReportView({ slug, sessionId }: { slug: string; sessionId: string }) {
  const { t, i18n } = useTranslation();
  const report = useCall('exportSession', { params: { slug, sessionId }, query: { format: 'json' } });
  const edition = useCall('getEdition', { params: { slug } });

  useEffect(() => {
    document.body.dataset.view = 'report';
    return () => {
      document.body.dataset.view = 'organizer';
    };
  }, []);

  const data =
    report.result?.ok && edition.result?.ok ? { r: report.result.data, e: edition.result.data } : null;
  const failed =
    (report.result && !report.result.ok && report.result.error) ||
    (edition.result && !edition.result.ok && edition.result.error);

  return (
    <>
      <header className="report-toolbar no-print">
        <Link href={orgPaths.edition(slug, 'exports')}>{t('organizer.report.back')}</Link>
        <div className="org-actions">
          <LanguageSwitch />
          <button type="button" className="button primary" onClick={() => window.print()} data-testid="print">
            {t('organizer.report.print')}
          </button>
        </div>
      </header>
      <main id="main" className="report-sheet" data-testid="report">
        {failed && <OrgError error={failed} />}
        {!data && !failed && <p className="muted">{t('app.loading')}</p>}
        {data && (
          <ReportBody
            report={data.r}
            editionName={data.e.name}
            timeZone={data.e.timeZone}
            lang={i18n.language}
          />
        )}
      </main>
    </>
  );
}

function ReportBody({
  report,
  editionName,
  timeZone,
  lang,
}: {
  report: SessionReport;
  editionName: string;
  timeZone: string;
  lang: string;
}) {
  const { t } = useTranslation();
  const { session, participation: p } = report;
  const questions = topQuestions(report.questions);
  const polls = report.polls.filter((x) => x.poll.status !== 'draft');
  const clouds = report.clouds.filter((x) => x.cloud.status !== 'draft');
  return (
    <article className="report">
      <header className="report-head">
        <p className="report-edition">
          <UserText text={editionName} /> · {formatDay(session.startsAt, lang, timeZone)}
        </p>
        <h1 data-testid="report-title">
          <UserText text={session.title} />
        </h1>
        <p className="report-meta">
          <span className={`badge kind-${session.kind}`}>{t(`programme.${session.kind}`)}</span>{' '}
          {formatTime(session.startsAt, lang, timeZone)}–{formatTime(session.endsAt, lang, timeZone)}
          {session.room && ` · ${session.room}`}
          {session.speakers.length > 0 && ` · ${session.speakers.map((s) => s.name).join(', ')}`}
        </p>
      </header>

      <section className="report-section" aria-labelledby="report-figures">
        <h2 id="report-figures">{t('organizer.report.figures')}</h2>
        <ul className="report-figures" data-testid="report-figures">
          <Figure
            value={p.questions}
            label={t('organizer.report.questions')}
            split={[p.questionsOnsite, p.questionsRemote]}
          />
          <Figure value={p.askers} label={t('organizer.report.askers')} />
          <Figure value={p.upvotes} label={t('organizer.report.upvotes')} />
          <Figure
            value={p.ballots}
            label={t('organizer.report.ballots')}
            split={[p.ballotsOnsite, p.ballotsRemote]}
          />
          <Figure value={p.cloudParticipants} label={t('organizer.report.cloudParticipants')} />
        </ul>
      </section>

      <section className="report-section" aria-labelledby="report-questions">
        <h2 id="report-questions">{t('organizer.report.topQuestions')}</h2>
        {questions.length === 0 ? (
          <p className="muted">{t('organizer.report.noQuestions')}</p>
        ) : (
          <ol className="report-questions">
            {questions.map((q) => (
              <li key={q.id} data-testid="report-question">
                <span className="report-votes" aria-label={t('organizer.report.votes', { count: q.votes })}>
                  {q.votes}
                </span>
                <span className="report-qtext">
                  <UserText text={q.text} />
                </span>
                <span className="report-qmeta">
                  {q.author ?? t('projector.anonymous')} ·{' '}
                  {q.authorMode === 'onsite' ? t('projector.inRoom') : t('projector.remote')}
                  {q.status === 'answered' && ` · ${t('organizer.report.answered')}`}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      {polls.length > 0 && (
        <section className="report-section" aria-labelledby="report-polls">
          <h2 id="report-polls">{t('organizer.report.polls')}</h2>
          <p className="report-legend small">
            <span className="legend-swatch onsite" aria-hidden="true" /> {t('projector.inRoom')}
            <span className="legend-swatch remote" aria-hidden="true" /> {t('projector.remote')}
          </p>
          <div className="report-polls">
            {polls.map(({ poll, results }) => (
              <PollChart key={poll.id} poll={poll} results={results} />
            ))}
          </div>
        </section>
      )}

      {clouds.length > 0 && (
        <section className="report-section" aria-labelledby="report-words">
          <h2 id="report-words">{t('organizer.report.words')}</h2>
          {clouds.map(({ cloud, words }) => (
            <WordList key={cloud.id} cloud={cloud} words={words} />
          ))}
        </section>
      )}

      <footer className="report-foot small muted">
        {t('organizer.report.generated', {
          date: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date()),
        })}
      </footer>
    </article>
  );
}

function Figure({ value, label, split }: { value: number; label: string; split?: [number, number] }) {
  const { t } = useTranslation();
  return (
    <li className="report-figure">
      <strong>{value}</strong>
      <span>{label}</span>
      {split && (
        <span className="report-split">
          {t('organizer.report.split', { onsite: split[0], remote: split[1] })}
        </span>
      )}
    </li>
  );
}

/** A poll's results as horizontal bars, each split between the hall and remote people. */
function PollChart({ poll, results }: { poll: Poll; results: PollResults | null }) {
  const { t, i18n } = useTranslation();
  if (!results) {
    return (
      <figure className="report-poll">
        <figcaption>
          <UserText text={poll.question} />
        </figcaption>
        <p className="muted small">{t('organizer.report.noBallots')}</p>
      </figure>
    );
  }
  const all = pollBars(poll, results.all);
  const onsite = pollBars(poll, results.onsite);
  const remote = pollBars(poll, results.remote);
  const top = Math.max(1, ...all.map((b) => b.count));
  const average = poll.pollKind === 'rating' ? ratingAverage(poll, results.all) : null;
  return (
    <figure className="report-poll" data-testid="report-poll">
      <figcaption>
        <UserText text={poll.question} />
        <span className="report-poll-meta">
          {t('interactions.responses', { count: results.all.ballots })}
          {average !== null &&
            ` · ${t('interactions.average', { value: average.toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })}`}
        </span>
      </figcaption>
      <ul className="report-bars">
        {all.map((bar, i) => {
          const on = onsite[i]?.count ?? 0;
          const re = remote[i]?.count ?? 0;
          return (
            <li
              key={bar.id}
              className="report-bar"
              data-count={bar.count}
              aria-label={t('organizer.report.barLabel', {
                label: bar.label,
                count: bar.count,
                percent: bar.percent,
                onsite: on,
                remote: re,
              })}
            >
              <span className="report-bar-label" aria-hidden="true">
                <UserText text={bar.label} />
              </span>
              <svg
                className="report-bar-track"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                aria-hidden="true"
              >
                <rect className="track" x="0" y="0" width="100" height="10" />
                <rect className="onsite" x="0" y="0" width={(on / top) * 100} height="10" />
                <rect className="remote" x={(on / top) * 100} y="0" width={(re / top) * 100} height="10" />
              </svg>
              <span className="report-bar-value" aria-hidden="true">
                <strong>{t('interactions.percent', { value: bar.percent })}</strong> ({bar.count})
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** The most frequent words of a cloud, sized by their count. */
function WordList({ cloud, words }: { cloud: Cloud; words: SessionReport['clouds'][number]['words'] }) {
  const { t } = useTranslation();
  const top = [...words].sort((a, b) => b.count - a.count).slice(0, TOP_WORDS);
  const max = Math.max(1, ...top.map((w) => w.count));
  return (
    <figure className="report-cloud" data-testid="report-cloud">
      <figcaption>
        <UserText text={cloud.prompt} />
      </figcaption>
      {top.length === 0 ? (
        <p className="muted small">{t('projector.cloudWaiting')}</p>
      ) : (
        <ul className="report-words">
          {top.map((w) => (
            <li key={w.key} style={{ fontSize: `${0.8 + (w.count / max) * 1.1}em` }}>
              <UserText text={w.text} /> <span className="report-word-count">{w.count}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
