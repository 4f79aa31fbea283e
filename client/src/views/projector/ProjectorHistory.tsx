import type { AttendanceMode, PublicQuestion } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import './projector-history.css';
import { useFitToBox } from './use-fit-to-box.ts';
import { UserText } from '../../ui/UserText.tsx';

/** Questions listed per side: beyond, a count (a list read from 30 m stays short). */
export const HISTORY_PER_SIDE = 6;

/**
 * The session's question history for the end of a plenary: the questions put on screen so far, in
 * the order they first went on screen, the hall's and the remote people's side by side, each with
 * its count.
 */
export function ProjectorHistory({ questions }: { questions: readonly PublicQuestion[] }) {
  const { t } = useTranslation();
  const box = useFitToBox<HTMLElement>([questions.map((q) => q.id).join(' ')]);
  return (
    <section
      ref={box}
      className="projector-history projector-fit"
      aria-labelledby="projector-history-title"
      data-testid="projector-history"
    >
      <h1 id="projector-history-title" className="projector-history-title">
        {t('views.historyTitle')}
      </h1>
      <div className="projector-history-sides">
        {(['onsite', 'remote'] as const).map((mode) => (
          <HistorySide key={mode} mode={mode} questions={questions.filter((q) => q.authorMode === mode)} />
        ))}
      </div>
    </section>
  );
}

function HistorySide({ mode, questions }: { mode: AttendanceMode; questions: PublicQuestion[] }) {
  const { t } = useTranslation();
  const titleId = `projector-history-${mode}`;
  const more = questions.length - HISTORY_PER_SIDE;
  return (
    <section
      className="projector-history-side"
      aria-labelledby={titleId}
      data-testid={`projector-history-${mode}`}
      data-count={questions.length}
    >
      <h2 id={titleId} className="projector-history-head">
        <span className={`projector-badge mode-${mode}`}>
          {t(mode === 'onsite' ? 'views.historyOnsite' : 'views.historyRemote')}
        </span>
        <span className="projector-history-count">{questions.length}</span>
      </h2>
      {questions.length === 0 ? (
        <p className="projector-history-none">{t('views.historyNone')}</p>
      ) : (
        <ol className="projector-history-list">
          {questions.slice(0, HISTORY_PER_SIDE).map((q) => (
            <li key={q.id} className="projector-history-item" data-question-id={q.id}>
              <UserText text={q.text} />
            </li>
          ))}
        </ol>
      )}
      {more > 0 && (
        <p className="projector-history-more" data-testid="projector-history-more">
          {t('views.historyMore', { count: more })}
        </p>
      )}
    </section>
  );
}
