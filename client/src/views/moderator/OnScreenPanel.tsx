import type { ModQuestion } from '@agora/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ModeBadge } from '../../features/questions/badges.tsx';
import type { Interaction } from '../../state/interactions.state.ts';
import { UserText } from '../../ui/UserText.tsx';

/**
 * What the projector shows now: a poll, a cloud, a question or the question history (one thing at a time), with the
 * button that clears the screen; `children` (the projector's preview) under the black-screen switch.
 */
export function OnScreenPanel({
  interaction,
  question,
  history,
  onClear,
  black,
  onBlack,
  children,
}: {
  interaction: Interaction | null;
  question: ModQuestion | null;
  /** The session's question history is on screen. */
  history: boolean;
  onClear: () => void;
  /** « Écran noir » is on: the projectors show black, whatever this panel names. */
  black: boolean;
  onBlack: (on: boolean) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="card on-screen-panel" aria-labelledby="on-screen-title" data-testid="mod-on-screen">
      <div className="on-screen-head">
        <h2 id="on-screen-title" className="card-title">
          <span className="badge on-air">{t('moderator.onScreenNow')}</span>
        </h2>
        <button
          type="button"
          className={`button small-button${black ? ' danger' : ''}`}
          aria-pressed={black}
          aria-describedby="black-hint"
          onClick={() => onBlack(!black)}
          data-testid="black-screen"
        >
          {t('views.black')}
        </button>
      </div>
      <p id="black-hint" className={black ? 'mod-warning small' : 'muted small'} role="status">
        {black ? t('views.blackOn') : t('views.blackHint')}
      </p>
      {children}
      {interaction ? (
        <>
          <p className="question-text" data-testid="mod-on-screen-text">
            <span className="badge">
              {interaction.kind === 'poll' ? t('interactions.poll') : t('interactions.cloud')}
            </span>{' '}
            <UserText text={interaction.kind === 'poll' ? interaction.question : interaction.prompt} />
          </p>
          <ClearButton onClear={onClear} />
        </>
      ) : question ? (
        <>
          <p className="question-text" data-testid="mod-on-screen-text">
            <UserText text={question.text} />
          </p>
          <p className="question-meta">
            <span>{question.authorName ?? t('audience.anonymousAuthor')}</span>
            <ModeBadge mode={question.authorMode} />
            <span>{t('audience.votes', { count: question.votes })}</span>
          </p>
          <ClearButton onClear={onClear} />
        </>
      ) : history ? (
        <>
          <p className="question-text" data-testid="mod-on-screen-text">
            {t('views.historyOnScreen')}
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
