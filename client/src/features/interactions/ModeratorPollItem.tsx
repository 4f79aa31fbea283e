import type { Poll, PollResults } from '@agora/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResultBars } from '../polls/ResultBars.tsx';
import { Countdown, ItemActions, ItemHead, Participation, type ItemProps } from './ModeratorItemParts.tsx';

/** A poll in the console: participation, results (whole or split between hall and remote), actions. */
export function ModeratorPollItem({
  poll,
  results,
  splitOnScreen,
  showSplit,
  ...props
}: ItemProps & {
  poll: Poll;
  results: PollResults | null;
  /** The projector shows this poll split between hall and remote. */
  splitOnScreen: boolean;
  showSplit: (split: boolean) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  // Looking at the split here is private; putting it on the projector is a separate, public choice.
  const [split, setSplit] = useState(false);
  // The projector's split as just asked, until the server answers (then its state rules again).
  const [splitAsked, setSplitAsked] = useState<boolean | null>(null);
  return (
    <li
      className={`mod-item card interaction-item${props.onScreen ? ' is-on-screen' : ''}`}
      data-testid="interaction-item"
      data-kind="poll"
      data-id={poll.id}
      data-status={poll.status}
    >
      <ItemHead item={poll} title={poll.question} onScreen={props.onScreen} />
      <Countdown item={poll} now={props.now} />
      {poll.status !== 'draft' && (
        <>
          <Participation count={results?.all.ballots ?? 0} connected={props.connected} />
          {results && (
            <>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={split}
                  onChange={(e) => setSplit(e.target.checked)}
                  data-testid="split-console"
                />
                {t('manage.split')}
              </label>
              {props.onScreen && (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={splitAsked ?? splitOnScreen}
                    onChange={async (e) => {
                      const next = e.target.checked;
                      // The console follows, so the moderator sees what the hall sees.
                      if (next) setSplit(true);
                      setSplitAsked(next);
                      await showSplit(next);
                      setSplitAsked(null);
                    }}
                    data-testid="split-screen"
                  />
                  {t('manage.splitOnScreen')}
                </label>
              )}
              {split ? (
                <div className="split-results">
                  <div>
                    <h3 className="results-title">{t('mode.onsite')}</h3>
                    <ResultBars poll={poll} tally={results.onsite} testId="results-onsite" />
                  </div>
                  <div>
                    <h3 className="results-title">{t('mode.remote')}</h3>
                    <ResultBars poll={poll} tally={results.remote} testId="results-remote" />
                  </div>
                </div>
              ) : (
                <ResultBars poll={poll} tally={results.all} testId="mod-result-bars" />
              )}
            </>
          )}
        </>
      )}
      <ItemActions item={poll} locked={(results?.all.ballots ?? 0) > 0} {...props} />
    </li>
  );
}
