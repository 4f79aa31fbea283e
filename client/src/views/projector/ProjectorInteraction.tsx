import type { AttendanceMode, Cloud, CloudResults, Poll, PollResults } from '@agora/shared';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { WordCloud } from '../../features/wordcloud/WordCloud.tsx';
import { pollBars, ratingAverage, splitPollBars, type Bar } from '../../state/interactions.state.ts';
import { shortUrl } from '../../ui/format.ts';
import { QrCode } from '../../ui/QrCode.tsx';
import { useFitToBox } from './use-fit-to-box.ts';
import { UserText } from '../../ui/UserText.tsx';

/**
 * Question size (u, before the fit shrinks it) from its length, so a short one is huge and a long
 * one leaves room for the bars.
 */
function titleVw(text: string): number {
  const n = text.length;
  if (n <= 60) return 3.6;
  if (n <= 120) return 3;
  return 2.4;
}

const titleSize = (text: string) => ({ '--size': titleVw(text) }) as CSSProperties;

/** Answers longer than this get the whole row's width (see `.is-wordy` in styles.css). */
const WORDY = 40;

/**
 * A poll on the projector: big question, bars that grow with CSS, counts and percentages in huge
 * type. `split` (the moderator's choice) shows the hall and remote people side by side.
 */
export function ProjectorPoll({
  poll,
  results,
  split = false,
}: {
  poll: Poll;
  results: PollResults | null;
  split?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const tally = results?.all ?? null;
  const bars = tally ? pollBars(poll, tally) : [];
  const top = Math.max(1, ...bars.map((b) => b.count));
  const average = tally && poll.pollKind === 'rating' ? ratingAverage(poll, tally) : null;
  // Split bars size themselves from the number of options (see SplitResults).
  const dense = !split && bars.length > 6;
  const wordy = poll.pollKind !== 'rating' && poll.options.some((o) => o.label.length > WORDY);
  const box = useFitToBox<HTMLElement>([poll, split], { followTexts: true });
  return (
    <section
      ref={box}
      className={`projector-poll projector-fit kind-${poll.pollKind}${dense ? ' is-dense' : ''}${wordy ? ' is-wordy' : ''}${split ? ' is-split' : ''}`}
      data-testid="projector-poll"
      data-poll-id={poll.id}
      data-split={split}
    >
      <h1 className="projector-poll-question" style={titleSize(poll.question)}>
        <UserText text={poll.question} />
      </h1>
      {results && split ? (
        <SplitResults poll={poll} results={results} />
      ) : tally ? (
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
                <span className="projector-bar-label">
                  <UserText text={b.label} />
                </span>
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
          <ScaleEnds poll={poll} />
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

const SIDES: readonly AttendanceMode[] = ['onsite', 'remote'];

/** A rating poll's labelled ends, under its bars; an end without a label keeps its place, empty. */
function ScaleEnds({ poll }: { poll: Poll }) {
  if (poll.pollKind !== 'rating' || !poll.scale || !(poll.scale.minLabel || poll.scale.maxLabel)) return null;
  const { min, max, minLabel, maxLabel } = poll.scale;
  return (
    <p className="projector-scale-ends" data-testid="projector-scale-ends">
      <span>{minLabel && `${min} = ${minLabel}`}</span>
      <span>{maxLabel && `${max} = ${maxLabel}`}</span>
    </p>
  );
}

/**
 * Height of one split bar (u, before the fit). A 16:9 screen is 56 u high; the header, the question, the
 * totals (and for a rating, its scale ends and the two averages) take their share, and two bars per
 * option (each row about 1.1 bar high with its percentage) share the rest, so three options get
 * thick bars and a long rating scale still fits above the averages.
 */
function splitBarHeight(poll: Poll): number {
  const size = titleVw(poll.question);
  // The question's column is about 77 u wide; a bold glyph is about 0.55 em.
  const titleLines = Math.max(1, Math.ceil((poll.question.length * 0.55 * size) / 77));
  const rating = poll.pollKind === 'rating';
  const scaleEnds = rating && poll.scale && (poll.scale.minLabel || poll.scale.maxLabel) ? 3.4 : 0;
  const budget = 44 - titleLines * size * 1.15 - scaleEnds - (rating ? 3.8 : 0);
  const perOption = budget / Math.max(1, poll.options.length);
  return Math.min(2.6, Math.max(0.9, (perOption - 1.3) / 2.2));
}

/**
 * A poll split by attendance mode: for each option a bar for the hall and one for remote people,
 * each with its percentage of its own side's ballots; under them, each side's ballots (and average
 * for a rating). Each side keeps one colour and its name on every bar, so colour is never the only cue.
 */
function SplitResults({ poll, results }: { poll: Poll; results: PollResults }) {
  const { t, i18n } = useTranslation();
  const { bars, top } = splitPollBars(poll, results);
  const sideName = (side: AttendanceMode) =>
    side === 'onsite' ? t('projector.inRoom') : t('projector.remote');
  const row = (side: AttendanceMode, b: Bar) => (
    <span
      key={side}
      className={`projector-split-row side-${side}`}
      data-testid="projector-split-bar"
      data-side={side}
      data-count={b.count}
      data-percent={b.percent}
    >
      <span className="projector-split-side">{sideName(side)}</span>
      <span className="projector-bar-track">
        <span className="projector-bar-fill" style={{ width: `${top > 0 ? (b.percent / top) * 100 : 0}%` }} />
      </span>
      <span className="projector-bar-percent">{t('interactions.percent', { value: b.percent })}</span>
      <span className="projector-bar-count">{b.count}</span>
    </span>
  );
  return (
    <>
      <ol
        className="projector-bars projector-split-bars"
        aria-live="polite"
        style={{ '--bar': `calc(${splitBarHeight(poll)} * var(--u) * var(--fit))` } as CSSProperties}
      >
        {bars.map((b) => (
          <li
            key={b.id}
            className="projector-split-option"
            data-testid="projector-split-option"
            data-option-id={b.id}
          >
            <span className="projector-bar-label">
              <UserText text={b.label} />
            </span>
            <span className="projector-split-pair">
              {row('onsite', b.onsite)}
              {row('remote', b.remote)}
            </span>
          </li>
        ))}
      </ol>
      <ScaleEnds poll={poll} />
      <p className="projector-total projector-split-total">
        {SIDES.map((side) => {
          const tally = results[side];
          const average = poll.pollKind === 'rating' ? ratingAverage(poll, tally) : null;
          return (
            <span
              key={side}
              className={`projector-split-sum side-${side}`}
              data-testid="projector-side-ballots"
              data-side={side}
              data-count={tally.ballots}
            >
              <span className="projector-split-name">
                <span className="projector-split-swatch" aria-hidden="true" />
                {sideName(side)} · {t('projector.responses', { count: tally.ballots })}
              </span>
              {average !== null && (
                <span className="projector-average" data-testid="projector-side-average">
                  {t('projector.average')}{' '}
                  <strong>{average.toLocaleString(i18n.language, { maximumFractionDigits: 1 })}</strong>
                </span>
              )}
            </span>
          );
        })}
      </p>
    </>
  );
}

/** A word cloud on the projector. */
export function ProjectorCloud({ cloud, results }: { cloud: Cloud; results: CloudResults | null }) {
  const { t } = useTranslation();
  const box = useFitToBox<HTMLElement>([cloud.prompt]);
  return (
    <section
      ref={box}
      className="projector-cloud projector-fit"
      data-testid="projector-cloud-screen"
      data-cloud-id={cloud.id}
    >
      <h1 className="projector-poll-question" style={titleSize(cloud.prompt)}>
        <UserText text={cloud.prompt} />
      </h1>
      {results ? (
        results.words.length > 0 ? (
          <div className="projector-cloud-area">
            <WordCloud key={cloud.id} words={results.words} />
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

/** The join QR code and short address, kept in a corner while a question, a poll or a cloud is shown. */
/** `joinUrl` is what the QR encodes; `address` the short one to type (defaults to `joinUrl` shortened). */
export function JoinCorner({ joinUrl, address = shortUrl(joinUrl) }: { joinUrl: string; address?: string }) {
  const { t } = useTranslation();
  return (
    <aside className="projector-corner" data-testid="projector-corner">
      <QrCode value={joinUrl} label={t('projector.qrLabel', { url: address })} />
      <p className="projector-corner-text">
        {t('projector.joinCorner')} <strong data-testid="projector-corner-address">{address}</strong>
      </p>
    </aside>
  );
}
