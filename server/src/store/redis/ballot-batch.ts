import type { MyBallot } from '@agora/shared';
import type { NewBallot } from '../../modules/interactions/interactions.store.ts';
import { toAppError } from './redis-errors.ts';
import type { ScriptRunner } from './script-runner.ts';
import { MAX_PER_RUN, SessionBatch, type Settled } from './session-batch.ts';

/** The most ballots in one script run (session-batch.ts). */
export const MAX_BALLOTS_PER_RUN = MAX_PER_RUN;

export type Cast = { ballot: MyBallot; counted: boolean };
type Reply = [1, string, string[], number] | [0, string];

/**
 * The ballots a node casts in one event-loop turn, one run of `agoraCastBallots` per session
 * (interaction-scripts.ts) with one operation id: a re-sent run answers every ballot of it as the
 * first run did.
 */
export function ballotBatch(scripts: ScriptRunner): SessionBatch<NewBallot, Cast> {
  return new SessionBatch(async (sessionId, inputs): Promise<Settled<Cast>[]> => {
    const args = inputs.flatMap((input) => [
      input.pollId,
      input.voterId,
      input.mode,
      input.clientId,
      input.at,
      input.admission?.editionId ?? '',
      input.admission?.audiences.join(',') ?? '',
      input.choices.length,
      ...input.choices,
    ]);
    const replies = await scripts.onceInSession<Reply[]>(
      'agoraCastBallots',
      sessionId,
      sessionId,
      inputs.length,
      ...args,
    );
    return inputs.map((input, i) => {
      const reply = replies[i];
      if (reply?.[0] !== 1) return { error: toAppError(new Error(reply?.[1] ?? 'no reply for this ballot')) };
      const [, clientId, choices, counted] = reply;
      return { value: { ballot: { pollId: input.pollId, clientId, choices }, counted: counted === 1 } };
    });
  });
}
