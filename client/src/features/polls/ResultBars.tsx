import type { Poll, Tally } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { pollBars, ratingAverage } from '../../state/interactions.state.ts';
import { UserText } from '../../ui/UserText.tsx';

/** A poll's results as horizontal bars: on phones, in the moderator console (the projector has its own). */
export function ResultBars({ poll, tally, testId }: { poll: Poll; tally: Tally; testId?: string }) {
  const { t, i18n } = useTranslation();
  const bars = pollBars(poll, tally);
  const top = Math.max(1, ...bars.map((b) => b.count));
  const average = poll.pollKind === 'rating' ? ratingAverage(poll, tally) : null;
  return (
    <div className={`result-bars kind-${poll.pollKind}`} data-testid={testId ?? 'result-bars'}>
      <ul className="bars">
        {bars.map((b) => (
          <li
            key={b.id}
            className="bar-row"
            data-option-id={b.id}
            data-count={b.count}
            aria-label={t('interactions.barLabel', { label: b.label, count: b.count, percent: b.percent })}
          >
            <span className="bar-label" aria-hidden="true">
              <UserText text={b.label} />
            </span>
            <span className="bar-track" aria-hidden="true">
              {/* Widths are relative to the leading answer, so a 30 % winner still fills the track. */}
              <span className="bar-fill" style={{ width: `${(b.count / top) * 100}%` }} />
            </span>
            <span className="bar-value" aria-hidden="true">
              <strong>{t('interactions.percent', { value: b.percent })}</strong>{' '}
              <span className="muted">({b.count})</span>
            </span>
          </li>
        ))}
      </ul>
      {poll.pollKind === 'rating' && poll.scale && (poll.scale.minLabel || poll.scale.maxLabel) && (
        <p className="scale-ends muted small" aria-hidden="true">
          <span>{poll.scale.minLabel}</span>
          <span>{poll.scale.maxLabel}</span>
        </p>
      )}
      <p className="bars-total small">
        {t('interactions.responses', { count: tally.ballots })}
        {average !== null && (
          <>
            {' · '}
            <strong data-testid="rating-average">
              {t('interactions.average', {
                value: average.toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
              })}
            </strong>
          </>
        )}
      </p>
    </div>
  );
}
