import type { InteractionPolicy, ModQuestion } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { ModeBadge } from '../../features/questions/badges.tsx';
import type { Interaction } from '../../state/interactions.state.ts';
import { phoneWarnings, screenBalance } from '../../state/moderator-tools.ts';
import { UserText } from '../../ui/UserText.tsx';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';

/**
 * The balance of hall and remote questions taken so far, with the approved question that keeps it
 * even, ready to put on screen.
 */
export function BalancePanel({
  questions,
  shown,
  onShow,
  onShowHistory,
}: {
  /** An array, not an iterator: a render may run twice (React's strict mode) and read it twice. */
  questions: readonly ModQuestion[];
  /** The ids of the questions put on screen so far. */
  shown: readonly string[];
  onShow: (id: string) => void;
  /** Puts the history of what was shown on the projector. */
  onShowHistory: () => void;
}) {
  const { t } = useTranslation();
  const balance = screenBalance(questions, shown);
  const { next } = balance;
  return (
    <section className="card balance-panel" aria-labelledby="balance-title" data-testid="mod-balance">
      <h2 id="balance-title" className="card-title">
        {t('views.balanceTitle')}
      </h2>
      <p data-testid="balance-counts" data-onsite={balance.onsite} data-remote={balance.remote}>
        <strong>{t('views.balanceCounts', { onsite: balance.onsite, remote: balance.remote })}</strong>
      </p>
      <p className="muted small">{t('views.balanceHint')}</p>
      <button
        type="button"
        className="button small-button"
        onClick={onShowHistory}
        data-testid="show-history"
      >
        {t('views.showHistory')}
      </button>
      <h3 className="small">{t('views.nextTitle')}</h3>
      <p className="muted small">
        {next
          ? balance.behind
            ? t(`views.nextBehind_${balance.behind}`)
            : t('views.nextEven')
          : t('views.nextNone')}
      </p>
      {next && (
        <div className="balance-next" data-testid="balance-next" data-question-id={next.id}>
          <p className="question-text">
            <UserText text={next.text} />
          </p>
          <p className="question-meta">
            <span>{next.authorName ?? t('audience.anonymousAuthor')}</span>
            <ModeBadge mode={next.authorMode} />
            <span>{t('audience.votes', { count: next.votes })}</span>
          </p>
          <button
            type="button"
            className="button small-button"
            onClick={() => onShow(next.id)}
            data-testid="show-next"
          >
            {t('views.showNext')}
          </button>
        </div>
      )}
    </section>
  );
}

/** Open polls and clouds that some phones cannot answer, by the session's policy. */
export function PhoneWarnings({
  items,
  policy,
}: {
  items: Iterable<Interaction>;
  policy: InteractionPolicy;
}) {
  const { t } = useTranslation();
  const spaced = useFrenchSpacing();
  const warnings = phoneWarnings(items, policy);
  if (warnings.length === 0) return null;
  return (
    <ul className="mod-warnings" data-testid="mod-phone-warnings">
      {warnings.map(({ kind, item }) => (
        <li key={item.id} className="mod-warning small">
          {t(kind === 'nobody-can-answer' ? 'views.warnNobody' : 'views.warnRemote', {
            title: spaced(item.kind === 'poll' ? item.question : item.prompt),
          })}
        </li>
      ))}
    </ul>
  );
}
