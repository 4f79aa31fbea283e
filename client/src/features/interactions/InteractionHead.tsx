import { acceptsFrom, type AttendanceMode, type Cloud, type Poll } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { remoteRemainingMs } from '../../state/interactions.state.ts';
import { formatCountdown } from '../../ui/use-now.ts';
import { UserText } from '../../ui/UserText.tsx';

/** Whether the session's policy lets this participant answer polls and clouds. */
export type VoteRights = 'allowed' | 'onsiteOnly' | 'nobody';

/** Whether this participant may still answer, how long their remote window lasts, and whether it is over for them. */
export function answerWindow(
  item: Poll | Cloud,
  rights: VoteRights,
  mode: AttendanceMode | null,
  now: number,
) {
  const canAnswer = rights === 'allowed' && acceptsFrom(item, mode, now);
  return {
    canAnswer,
    remaining: mode === 'remote' ? remoteRemainingMs(item, now) : null,
    closedForMe: item.status === 'closed' || (item.status === 'closing' && !canAnswer),
  };
}

/** The top of a poll or cloud card on a phone: kind, closed badge, the question, the remote countdown. */
export function InteractionHead({
  kindLabel,
  closedLabel,
  closedTestId,
  headingId,
  title,
  closedForMe,
  remaining,
  canAnswer,
}: {
  kindLabel: string;
  closedLabel: string;
  closedTestId: string;
  headingId: string;
  title: string;
  closedForMe: boolean;
  remaining: number | null;
  canAnswer: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="interaction-kind">
        <span className="badge live">{kindLabel}</span>
        {closedForMe && (
          <span className="badge closed-badge" data-testid={closedTestId}>
            {closedLabel}
          </span>
        )}
      </p>
      <h2 id={headingId} className="interaction-question">
        <UserText text={title} />
      </h2>
      {remaining !== null && canAnswer && (
        <p className="countdown" role="timer" data-testid="remote-countdown">
          {t('interactions.remoteWindow', { time: formatCountdown(remaining) })}
        </p>
      )}
    </>
  );
}

/** Why this participant cannot answer (workshop policy, or nobody may). */
export function PolicyNotice({ rights }: { rights: Exclude<VoteRights, 'allowed'> }) {
  const { t } = useTranslation();
  return (
    <p className="policy" data-testid="policy-vote">
      {rights === 'nobody' ? t('interactions.policyVoteNobody') : t('interactions.policyVote')}
    </p>
  );
}
