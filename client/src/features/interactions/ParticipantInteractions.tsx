import { audienceIncludes, type InteractionPolicy, type Me } from '@agora/shared';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outbox } from '../../realtime/outbox.ts';
import {
  audienceCloudResults,
  audiencePollResults,
  participantList,
  type Interaction,
  type InteractionsState,
} from '../../state/interactions.state.ts';
import { pendingBallot, pendingWords } from '../../state/outbox.ts';
import { useNow } from '../../ui/use-now.ts';
import { CloudCard } from '../wordcloud/CloudCard.tsx';
import { PollCard } from '../polls/PollCard.tsx';
import type { VoteRights } from './InteractionHead.tsx';
import { showCard, useUnseenAbove } from './use-unseen-above.ts';

/** What the card says when the policy (the shared rule the server applies) does not let this person answer. */
function rightsOf(audience: InteractionPolicy['vote'], me: Me): VoteRights {
  if (audienceIncludes(audience, me.attendance)) return 'allowed';
  return audience === 'onsite' ? 'onsiteOnly' : 'nobody';
}

/**
 * The polls and word clouds at the top of the participant's room: every one they may still answer,
 * then the ones over for them with their results (older ones folded); nothing when there is none.
 */
export function ParticipantInteractions({
  state,
  outbox,
  policy,
  me,
  sending,
}: {
  state: InteractionsState | null;
  outbox: Outbox;
  /** Whether what the outbox holds is on its way or kept on the phone (by the connection). */
  sending: 'queued' | 'sending';
  policy: InteractionPolicy;
  me: Me;
}) {
  const { t } = useTranslation();
  const closing = useMemo(
    () =>
      state !== null &&
      [...state.polls.values(), ...state.clouds.values()].some((i) => i.status === 'closing'),
    [state],
  );
  // Countdowns run on the server's clock: a phone set a minute wrong still closes on time.
  const now = useNow(closing) + (state?.clockOffsetMs ?? 0);
  const rights = rightsOf(policy.vote, me);
  const container = useRef<HTMLDivElement>(null);
  const list = useMemo(
    () => (state ? participantList(state, me.attendance, now) : { answerable: [], over: [] }),
    [state, me.attendance, now],
  );
  const fresh = useUnseenAbove(container, list.answerable);

  if (!state) return null;
  if (list.answerable.length === 0 && list.over.length === 0) return null;

  const card = (item: Interaction) => {
    if (item.kind === 'poll') {
      return (
        <PollCard
          key={item.id}
          poll={item}
          results={audiencePollResults(state, item)}
          myChoices={state.myBallots.get(item.id)?.choices ?? null}
          pending={pendingBallot(outbox.items, item.id)}
          sending={sending}
          error={outbox.errorOf('poll:vote', item.id)}
          rights={rights}
          mode={me.attendance}
          now={now}
          onVote={(choices) =>
            outbox.submit('poll:vote', (clientId) => ({ pollId: item.id, clientId, choices }))
          }
        />
      );
    }
    return (
      <CloudCard
        key={item.id}
        cloud={item}
        results={audienceCloudResults(state, item)}
        mine={state.myWords.get(item.id) ?? []}
        pending={pendingWords(outbox.items, item.id)}
        sending={sending}
        error={outbox.errorOf('cloud:submit', item.id)}
        rights={rights}
        mode={me.attendance}
        now={now}
        onSubmit={(text) =>
          outbox.submit('cloud:submit', (clientId) => ({ cloudId: item.id, clientId, text }))
        }
      />
    );
  };
  // The last one closed stays open to read; older results fold away so the question form stays in reach.
  const [lastOver, ...earlier] = list.over;
  return (
    <div ref={container} className="participant-interactions" data-testid="participant-interactions">
      {/* Said without moving anything: the page kept the person's place, the new card is above. */}
      {fresh && (
        <button
          type="button"
          className="new-above"
          onClick={() => showCard(container.current, fresh.id)}
          data-testid="new-above"
        >
          <span aria-hidden="true">↑ </span>
          {fresh.kind === 'poll' ? t('interactions.newPollAbove') : t('interactions.newCloudAbove')}
        </button>
      )}
      {list.answerable.map(card)}
      {lastOver && card(lastOver)}
      {earlier.length > 0 && (
        <details className="earlier-interactions" data-testid="earlier-interactions">
          <summary>{t('interactions.earlier', { count: earlier.length })}</summary>
          {earlier.map(card)}
        </details>
      )}
    </div>
  );
}
