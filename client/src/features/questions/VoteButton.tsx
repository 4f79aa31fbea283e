import { useTranslation } from 'react-i18next';

/**
 * A toggle: pressed when the participant voted. Disabled with the reason spelled out next to it.
 * `pending`: the state shown is the one asked for, not yet acknowledged (it stays clickable: a new
 * toggle replaces the unsent one).
 */
export function VoteButton({
  votes,
  upvoted,
  pending,
  disabled,
  describedBy,
  onToggle,
}: {
  votes: number;
  upvoted: boolean;
  pending: boolean;
  disabled: boolean;
  describedBy?: string;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const label = `${upvoted ? t('audience.unvote') : t('audience.upvote')} (${t('audience.votes', { count: votes })}${pending ? `, ${t('status.outbox')}` : ''})`;
  return (
    <button
      type="button"
      className={`vote-button${pending ? ' is-outbox' : ''}`}
      aria-pressed={upvoted}
      aria-label={label}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={onToggle}
      data-testid="upvote"
      data-pending={pending || undefined}
    >
      <span aria-hidden="true" className="vote-arrow">
        ▲
      </span>
      <span className="vote-count">{votes}</span>
    </button>
  );
}
