import '../../i18n/room.ts';
import type { AppErrorBody, AttendanceMode, Poll, PollResults } from '@agora/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import {
  answerWindow,
  InteractionHead,
  PolicyNotice,
  type VoteRights,
} from '../interactions/InteractionHead.tsx';
import { ResultBars } from './ResultBars.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { useArriving } from '../../ui/use-just-changed.ts';

const NO_BALLOTS = { ballots: 0, counts: {} };

/**
 * A poll on a participant's phone. Single choice and rating: one tap is the ballot. Multiple
 * choice: toggle up to k, then submit. Tapping another answer while the poll is open re-votes.
 */
export function PollCard({
  poll,
  results,
  myChoices,
  pending,
  sending,
  error,
  rights,
  mode,
  now,
  onVote,
}: {
  poll: Poll;
  results: PollResults | null;
  /** The acknowledged ballot, if any. */
  myChoices: readonly string[] | null;
  /** A ballot sent and not yet acknowledged. */
  pending: readonly string[] | null;
  /** Whether a pending ballot is on its way or kept on the phone until the connection is back. */
  sending: 'queued' | 'sending';
  error: AppErrorBody | null;
  rights: VoteRights;
  mode: AttendanceMode | null;
  now: number;
  onVote: (choices: string[]) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { canAnswer, remaining, closedForMe } = answerWindow(poll, rights, mode, now);
  const shown = pending ?? myChoices ?? [];
  const [draft, setDraft] = useState<string[] | null>(null);
  // A tap in the moment the card appears was aimed at what was there before it (the options are
  // said unavailable meanwhile; a key press is the person's own, on what has the focus).
  const arriving = useArriving();
  const selection = poll.pollKind === 'multiple' ? (draft ?? [...shown]) : shown;

  const tap = (optionId: string) => {
    if (!canAnswer) return;
    if (poll.pollKind !== 'multiple') {
      if (!(shown.length === 1 && shown[0] === optionId && !pending)) onVote([optionId]);
      return;
    }
    const has = selection.includes(optionId);
    if (!has && selection.length >= poll.maxChoices) return;
    setDraft(has ? selection.filter((c) => c !== optionId) : [...selection, optionId]);
  };

  const submitMultiple = () => {
    if (selection.length === 0) return;
    onVote(poll.options.map((o) => o.id).filter((o) => selection.includes(o)));
    setDraft(null);
  };
  const changed = draft !== null && (draft.length !== shown.length || draft.some((c) => !shown.includes(c)));

  const scaleEnds =
    poll.pollKind === 'rating' && poll.scale && (poll.scale.minLabel || poll.scale.maxLabel)
      ? poll.scale
      : null;
  const hint =
    poll.pollKind === 'single'
      ? t('interactions.single')
      : poll.pollKind === 'multiple'
        ? t('interactions.multiple', { count: poll.maxChoices })
        : t('interactions.rating', { min: poll.scale?.min ?? 1, max: poll.scale?.max ?? 5 });

  return (
    <section
      className={`interaction-card card poll-card status-${poll.status}`}
      aria-labelledby={`${id}-q`}
      data-testid="poll-card"
      // Focused when « Nouveau sondage ↑ » brings it into sight.
      tabIndex={-1}
      data-poll-id={poll.id}
      data-status={poll.status}
    >
      <InteractionHead
        kindLabel={t('interactions.poll')}
        closedLabel={t('interactions.pollClosed')}
        closedTestId="poll-closed"
        headingId={`${id}-q`}
        title={poll.question}
        closedForMe={closedForMe}
        remaining={remaining}
        canAnswer={canAnswer}
      />

      {rights !== 'allowed' ? (
        <PolicyNotice rights={rights} />
      ) : (
        !closedForMe && (
          <>
            <p className="muted small" id={`${id}-hint`}>
              {hint}
              {poll.pollKind === 'multiple' &&
                ` · ${t('interactions.chosen', { count: selection.length, max: poll.maxChoices })}`}
            </p>
            <div
              className={`choices choices-${poll.pollKind}`}
              role="group"
              aria-labelledby={`${id}-q`}
              aria-describedby={scaleEnds ? `${id}-hint ${id}-ends` : `${id}-hint`}
            >
              {poll.options.map((o) => {
                const on = selection.includes(o.id);
                return (
                  <button
                    key={o.id}
                    type="button"
                    className="choice"
                    aria-pressed={on}
                    disabled={
                      !canAnswer ||
                      (poll.pollKind === 'multiple' && !on && selection.length >= poll.maxChoices)
                    }
                    aria-disabled={arriving || undefined}
                    onClick={(e) => {
                      if (!(arriving && e.detail > 0)) tap(o.id);
                    }}
                    data-testid="poll-choice"
                    data-option-id={o.id}
                  >
                    {poll.pollKind !== 'rating' && (
                      <span className="choice-mark" aria-hidden="true">
                        {on ? '✓' : ''}
                      </span>
                    )}
                    <span className="choice-label">
                      <UserText text={o.label} />
                    </span>
                  </button>
                );
              })}
            </div>
            {scaleEnds && (
              <p className="scale-ends muted small" id={`${id}-ends`} data-testid="scale-ends">
                {/* What each end means, for the buttons' description: « 0 = Pas du tout », read apart. */}
                <span>
                  {scaleEnds.minLabel && <span className="sr-only">{scaleEnds.min} = </span>}
                  {scaleEnds.minLabel}
                </span>{' '}
                <span>
                  {scaleEnds.maxLabel && <span className="sr-only">{scaleEnds.max} = </span>}
                  {scaleEnds.maxLabel}
                </span>
              </p>
            )}
            {poll.pollKind === 'multiple' && (
              <button
                type="button"
                className="button primary wide-button"
                disabled={!canAnswer || selection.length === 0 || (!changed && shown.length > 0)}
                onClick={submitMultiple}
                data-testid="poll-submit"
              >
                {t('interactions.validate')}
              </button>
            )}
          </>
        )
      )}

      <p
        className="vote-status"
        data-testid="vote-status"
        data-state={pending ? sending : myChoices ? 'recorded' : 'none'}
      >
        {pending ? (
          t(`room.ballot.${sending}`)
        ) : myChoices ? (
          <>
            <strong className="recorded">✓ {t('interactions.voted')}</strong>
            {canAnswer && <span className="muted small"> {t('interactions.changeMind')}</span>}
          </>
        ) : null}
      </p>
      <ErrorMessage error={error && error.code !== 'POLICY_FORBIDS' ? error : null} testId="poll-error" />
      {error?.code === 'POLICY_FORBIDS' && rights === 'allowed' && (
        <p className="policy" data-testid="policy-vote">
          {t('interactions.policyVote')}
        </p>
      )}

      {/* Not a live region: read on every ballot, it would talk over everything (the announcer says what matters). */}
      <div className="live-results">
        {results ? (
          <>
            <h3 className="results-title">
              {results.final ? t('interactions.final') : t('interactions.results')}
            </h3>
            <ResultBars poll={poll} tally={results.all} />
          </>
        ) : poll.visibility === 'hidden' && !poll.revealed ? (
          <p className="muted small">{t('interactions.resultsSoon')}</p>
        ) : (
          // Results to show, not come yet (a poll just opened: ~250 ms): their room is kept, so
          // that the card does not grow by 140 px under a thumb when they come.
          <div className="results-waiting" aria-hidden="true" data-testid="results-waiting">
            <h3 className="results-title">{t('interactions.results')}</h3>
            <ResultBars poll={poll} tally={NO_BALLOTS} />
          </div>
        )}
      </div>
    </section>
  );
}
