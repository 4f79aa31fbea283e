import type { Cloud, CloudResults, Poll, PollResults } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { WordCloud } from '../../features/wordcloud/WordCloud.tsx';
import { pollBars, ratingAverage } from '../../state/interactions.state.ts';
import { shortUrl } from '../../ui/format.ts';
import { QrCode } from './QrCode.tsx';

/** Question size from its length, so a short one is huge and a long one still leaves room for bars. */
function titleSize(text: string): string {
  const n = text.length;
  if (n <= 60) return '3.6vw';
  if (n <= 120) return '3vw';
  return '2.4vw';
}

/** A poll on the projector: big question, bars that grow with CSS, counts and percentages in huge type. */
export function ProjectorPoll({ poll, results }: { poll: Poll; results: PollResults | null }) {
  const { t, i18n } = useTranslation();
  const tally = results?.all ?? null;
  const bars = tally ? pollBars(poll, tally) : [];
  const top = Math.max(1, ...bars.map((b) => b.count));
  const average = tally && poll.pollKind === 'rating' ? ratingAverage(poll, tally) : null;
  const dense = bars.length > 6;
  return (
    <section
      className={`projector-poll kind-${poll.pollKind}${dense ? ' is-dense' : ''}`}
      data-testid="projector-poll"
      data-poll-id={poll.id}
    >
      <h1 className="projector-poll-question" style={{ fontSize: titleSize(poll.question) }}>
        {poll.question}
      </h1>
      {tally ? (
        <>
          <ol className="projector-bars" aria-live="polite">
            {bars.map((b) => (
              <li
                key={b.id}
                className="projector-bar"
                data-testid="projector-bar"
                data-option-id={b.id}
                data-count={b.count}
              >
                <span className="projector-bar-label">{b.label}</span>
                <span className="projector-bar-track">
                  <span className="projector-bar-fill" style={{ width: `${(b.count / top) * 100}%` }} />
                </span>
                <span className="projector-bar-percent">
                  {t('interactions.percent', { value: b.percent })}
                </span>
                <span className="projector-bar-count">{b.count}</span>
              </li>
            ))}
          </ol>
          {poll.pollKind === 'rating' && poll.scale && (poll.scale.minLabel || poll.scale.maxLabel) && (
            <p className="projector-scale-ends">
              <span>
                {poll.scale.min} = {poll.scale.minLabel}
              </span>
              <span>
                {poll.scale.max} = {poll.scale.maxLabel}
              </span>
            </p>
          )}
          <p className="projector-total">
            <span data-testid="projector-ballots" data-count={tally.ballots}>
              {t('projector.responses', { count: tally.ballots })}
            </span>
            {average !== null && (
              <span className="projector-average" data-testid="projector-average">
                {t('projector.average')}{' '}
                <strong>{average.toLocaleString(i18n.language, { maximumFractionDigits: 1 })}</strong>
              </span>
            )}
          </p>
        </>
      ) : (
        <p className="projector-soon" data-testid="projector-results-soon">
          {t('projector.resultsSoon')}
        </p>
      )}
    </section>
  );
}

/** A word cloud on the projector. */
export function ProjectorCloud({ cloud, results }: { cloud: Cloud; results: CloudResults | null }) {
  const { t } = useTranslation();
  return (
    <section className="projector-cloud" data-testid="projector-cloud-screen" data-cloud-id={cloud.id}>
      <h1 className="projector-poll-question" style={{ fontSize: titleSize(cloud.prompt) }}>
        {cloud.prompt}
      </h1>
      {results ? (
        results.words.length > 0 ? (
          <div className="projector-cloud-area">
            <WordCloud words={results.words} />
          </div>
        ) : (
          <p className="projector-soon">{t('projector.cloudWaiting')}</p>
        )
      ) : (
        <p className="projector-soon" data-testid="projector-results-soon">
          {t('projector.resultsSoon')}
        </p>
      )}
    </section>
  );
}

/** The join QR code and short address, kept in a corner while a poll or a cloud is shown. */
export function JoinCorner({ joinUrl }: { joinUrl: string }) {
  const { t } = useTranslation();
  const address = shortUrl(joinUrl);
  return (
    <aside className="projector-corner" data-testid="projector-corner">
      <QrCode value={joinUrl} label={t('projector.qrLabel', { url: address })} />
      <p className="projector-corner-text">
        {t('projector.joinCorner')}
        <br />
        <strong>{address}</strong>
      </p>
    </aside>
  );
}
