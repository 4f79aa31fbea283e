import { useTranslation } from 'react-i18next';

/** A toggle: pressed when the participant voted. Disabled with the reason spelled out next to it. */
export function VoteButton({
  votes,
  upvoted,
  disabled,
  busy,
  describedBy,
  onToggle,
}: {
  votes: number;
  upvoted: boolean;
  disabled: boolean;
  busy: boolean;
  describedBy?: string;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="vote-button"
      aria-pressed={upvoted}
      aria-label={`${upvoted ? t('audience.unvote') : t('audience.upvote')} (${t('audience.votes', { count: votes })})`}
      aria-describedby={describedBy}
      disabled={disabled || busy}
      onClick={onToggle}
      data-testid="upvote"
    >
      <span aria-hidden="true" className="vote-arrow">
        ▲
      </span>
      <span className="vote-count">{votes}</span>
    </button>
  );
}
