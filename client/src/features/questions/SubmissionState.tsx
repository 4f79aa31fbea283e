import '../../i18n/room.ts';
import { useTranslation } from 'react-i18next';
import type { SubmissionState } from '../../state/submissions.ts';

/** Each state's badge colours (styles.css): the word on it says the state, never the colour alone. */
const BADGE: Record<SubmissionState, string> = {
  queued: 'status-outbox',
  sending: 'status-outbox',
  stored: 'status-pending',
  approved: 'status-approved',
  onScreen: 'on-air',
  answered: 'status-answered',
  rejected: 'status-rejected',
  merged: 'status-merged',
};

/**
 * Where one of the participant's questions stands: a badge with its name and a sentence saying what
 * it means and what comes next (changes are said by the room's live region, AudienceAnnouncer).
 */
export function QuestionState({ state }: { state: SubmissionState }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`badge ${BADGE[state]}`} data-testid="submission-state" data-state={state}>
        {t(`room.state.${state}`)}
      </span>{' '}
      <span className="submission-note" data-testid="submission-note">
        {t(`room.question.${state}`)}
      </span>
    </>
  );
}
