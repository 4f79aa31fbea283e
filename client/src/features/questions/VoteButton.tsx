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
  // Named by its visible count first (WCAG 2.5.3: the name holds the visible label); whether this
  // person voted is aria-pressed, so the name stays the same when it toggles.
  const hint = `${t('audience.votesWord', { count: votes })}, ${t('audience.upvote')}${pending ? `, ${t('status.outbox')}` : ''}`;
  return (
    <button
      type="button"
      className={`vote-button${pending ? ' is-outbox' : ''}`}
      aria-pressed={upvoted}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={onToggle}
      data-testid="upvote"
      data-pending={pending || undefined}
    >
      <span aria-hidden="true" className="vote-arrow">
        ▲
      </span>
      <span className="vote-count" data-testid="vote-count">
        {votes}
      </span>
      <span className="sr-only"> {hint}</span>
    </button>
  );
}
