import '../../i18n/watch.ts';
import type { PollOption, Tally, TimelineItem } from '@agora/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { clockText } from '../../features/player/player-clock.ts';
import { UserText } from '../../ui/UserText.tsx';

/** The key of a timeline item, stable across renders. */
function keyOf(item: TimelineItem): string {
  if (item.kind === 'question') return `q-${item.questionId}`;
  if (item.kind === 'poll') return `p-${item.pollId}`;
  return `c-${item.cloudId}`;
}

/**
 * What was on screen during the session, at its offsets from the start: questions, polls with their
 * final results (hall and remote side by side), word clouds. Each offset is a button that moves the
 * player there.
 */
export function ReplayTimeline({
  items,
  active,
  onSeek,
}: {
  items: readonly TimelineItem[];
  /** The item the video is at (or past), highlighted. */
  active: number | null;
  onSeek: (item: TimelineItem) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="replay-timeline card" aria-labelledby={`${id}-title`} data-testid="replay-timeline">
      <h2 id={`${id}-title`} className="card-title">
        {t('watch.timeline')}
      </h2>
      {items.length === 0 ? (
        <p className="muted">{t('watch.timelineEmpty')}</p>
      ) : (
        <>
          <p className="muted small">{t('watch.timelineHint')}</p>
          <ol className="timeline-list">
            {items.map((item, i) => (
              <li
                key={keyOf(item)}
                className={`timeline-item kind-${item.kind}${active === i ? ' is-current' : ''}`}
                data-testid="timeline-item"
                data-offset={item.offsetSeconds}
                aria-current={active === i ? 'true' : undefined}
              >
                <button
                  type="button"
                  className="timeline-seek"
                  onClick={() => onSeek(item)}
                  aria-label={t('watch.seekTo', { time: clockText(item.offsetSeconds) })}
                  data-testid="timeline-seek"
                >
                  {clockText(item.offsetSeconds)}
                </button>
                <div className="timeline-body">
                  <p className="timeline-kind muted small">{t(`watch.${item.kind}`)}</p>
                  <ItemBody item={item} />
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function ItemBody({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  switch (item.kind) {
    case 'question':
      return (
        <>
          <p className="timeline-text">
            <UserText text={item.text} />
          </p>
          <p className="muted small">
            {t(`mode.${item.origin}`)} · {t('watch.votes', { count: item.upvotes })}
          </p>
        </>
      );
    case 'poll':
      return (
        <>
          <p className="timeline-text">
            <UserText text={item.question} />
          </p>
          {item.results ? (
            <div className="timeline-split">
              <SideBars label={t('watch.hall')} options={item.options} tally={item.results.onsite} />
              <SideBars label={t('watch.remote')} options={item.options} tally={item.results.remote} />
            </div>
          ) : (
            <p className="muted small">{t('watch.noResults')}</p>
          )}
        </>
      );
    case 'cloud':
      return (
        <>
          <p className="timeline-text">
            <UserText text={item.prompt} />
          </p>
          <p className="timeline-words">
            {item.words.slice(0, 12).map((w) => (
              <span key={w.text} className="timeline-word">
                <UserText text={w.text} /> <span className="muted">({w.count})</span>
              </span>
            ))}
          </p>
        </>
      );
  }
}

/** One side's final results: each option's share of that side's ballots. */
function SideBars({
  label,
  options,
  tally,
}: {
  label: string;
  options: readonly PollOption[];
  tally: Tally;
}) {
  const { t } = useTranslation();
  return (
    <div className="timeline-side">
      <p className="small">
        <strong>{label}</strong> <span className="muted">{t('watch.ballots', { count: tally.ballots })}</span>
      </p>
      <ul className="timeline-bars">
        {options.map((o) => {
          const count = tally.counts[o.id] ?? 0;
          const percent = tally.ballots > 0 ? Math.round((count / tally.ballots) * 100) : 0;
          return (
            <li key={o.id}>
              <span className="timeline-bar-label">
                <UserText text={o.label} />
              </span>
              <span className="timeline-bar-track" aria-hidden="true">
                <span className="timeline-bar-fill" style={{ width: `${percent}%` }} />
              </span>
              <span className="timeline-bar-value">{t('interactions.percent', { value: percent })}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
