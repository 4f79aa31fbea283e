import type { ModQuestion } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { ModeBadge } from '../../features/questions/badges.tsx';
import type { Interaction } from '../../state/interactions.state.ts';

/**
 * What the projector shows now: a poll, a cloud or a question (one thing at a time), with the
 * button that clears the screen.
 */
export function OnScreenPanel({
  interaction,
  question,
  onClear,
}: {
  interaction: Interaction | null;
  question: ModQuestion | null;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="card on-screen-panel" aria-labelledby="on-screen-title" data-testid="mod-on-screen">
      <h2 id="on-screen-title" className="card-title">
        <span className="badge on-air">{t('moderator.onScreenNow')}</span>
      </h2>
      {interaction ? (
        <>
          <p className="question-text" data-testid="mod-on-screen-text">
            <span className="badge">
              {interaction.kind === 'poll' ? t('interactions.poll') : t('interactions.cloud')}
            </span>{' '}
            {interaction.kind === 'poll' ? interaction.question : interaction.prompt}
          </p>
          <ClearButton onClear={onClear} />
        </>
      ) : question ? (
        <>
          <p className="question-text" data-testid="mod-on-screen-text">
            {question.text}
          </p>
          <p className="question-meta">
            <span>{question.authorName ?? t('audience.anonymousAuthor')}</span>
            <ModeBadge mode={question.authorMode} />
            <span>{t('audience.votes', { count: question.votes })}</span>
          </p>
          <ClearButton onClear={onClear} />
        </>
      ) : (
        <p className="muted">{t('moderator.nothingOnScreen')}</p>
      )}
    </section>
  );
}

function ClearButton({ onClear }: { onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button danger" onClick={onClear} data-testid="clear-screen">
      {t('moderator.clear')}
    </button>
  );
}
