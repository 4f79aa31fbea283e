import type { MyBallot } from '@agora/shared';
import type { NewBallot } from '../../modules/interactions/interactions.store.ts';
import { refusals as lifecycleRefusals } from '../../modules/interactions/lifecycle.rules.ts';
import { toAppError } from './redis-errors.ts';
import type { ScriptRunner } from './script-runner.ts';

/** The most ballots in one script run: a full batch goes at once, the rest waits for the turn's end. */
export const MAX_BALLOTS_PER_RUN = 200;

type Cast = { ballot: MyBallot; counted: boolean };
type Reply = [1, string, string[], number] | [0, string];

interface Waiting {
  input: NewBallot;
  resolve: (cast: Cast) => void;
  reject: (error: unknown) => void;
}

/**
 * The ballots a node casts in one event-loop turn, sent to Redis as one run of `agoraCastBallots`
 * (interaction-scripts.ts) instead of one run each: at two nodes the per-command cost of Redis (one
 * script call, one fsync with `appendfsync always`, one reply) dominated the cost of a ballot.
 *
 * Each ballot is decided on its own in that run, in the order cast (a voter's later ballot wins, as
 * if sent one after the other), and each caller gets its own answer or refusal once the run's reply
 * came, that is once the batch is durable. A failed run (timeout, no connection: UNAVAILABLE) fails
 * every ballot of it; the clients' outboxes re-send them. A lone ballot waits for the end of the turn
 * (`setImmediate`), no longer.
 */
export class BallotBatch {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly scripts: ScriptRunner,
    private readonly max = MAX_BALLOTS_PER_RUN,
  ) {}

  cast(input: NewBallot): Promise<Cast> {
    return new Promise<Cast>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.waiting.length >= this.max) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** One run per session of the batch's polls (each session is its own slot, key-layout.ts). */
  private flush(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    void this.run(batch);
  }

  private async run(batch: Waiting[]): Promise<void> {
    const bySession = new Map<string, Waiting[]>();
    try {
      const sessions = await Promise.all(
        batch.map(({ input }) => this.scripts.owners.sessionOf('i', input.pollId)),
      );
      batch.forEach((waiting, i) => {
        const sid = sessions[i];
        if (sid === null || sid === undefined) waiting.reject(lifecycleRefusals.notFound('poll'));
        else {
          const same = bySession.get(sid);
          if (same) same.push(waiting);
          else bySession.set(sid, [waiting]);
        }
      });
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    await Promise.all([...bySession].map(([sid, group]) => this.runSession(sid, group)));
  }

  private async runSession(sessionId: string, batch: Waiting[]): Promise<void> {
    const args = batch.flatMap(({ input }) => [
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
    let replies: Reply[];
    try {
      replies = await this.scripts.onceInSession<Reply[]>(
        'agoraCastBallots',
        sessionId,
        sessionId,
        batch.length,
        ...args,
      );
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ input, resolve, reject }, i) => {
      const reply = replies[i];
      if (reply?.[0] === 1) {
        const [, clientId, choices, counted] = reply;
        resolve({ ballot: { pollId: input.pollId, clientId, choices }, counted: counted === 1 });
      } else reject(toAppError(new Error(reply?.[1] ?? 'no reply for this ballot')));
    });
  }
}
