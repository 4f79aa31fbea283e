/** The most writes in one script run: a full batch goes at once, the rest waits for the turn's end. */
export const MAX_PER_RUN = 200;

/** One write's outcome in a run: its answer, or its own refusal. */
export type Settled<T> = { value: T } | { error: unknown };

interface Waiting<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * The hot writes of one kind (ballots, upvotes) a node makes in one event-loop turn, sent to Redis
 * as one script run per session instead of one run each: at two nodes the per-command cost of Redis
 * (one script call, one fsync with `appendfsync always`, one reply) dominated the cost of a ballot,
 * and five to eight times more of an upvote's.
 *
 * The caller names the write's session (each session is its own slot, key-layout.ts). `send` decides
 * each write of a run on its own, in the order made (as if sent one after the other), and each
 * caller gets its own answer or refusal once the run's reply came, that is once the run is durable.
 * A failed run (timeout, no connection: UNAVAILABLE) fails every write of it; the clients' outboxes
 * re-send them. A lone write waits for the end of the turn (`setImmediate`), no longer.
 */
export class SessionBatch<I, O> {
  private waiting = new Map<string, Waiting<I, O>[]>();
  private scheduled = false;

  constructor(
    private readonly send: (sessionId: string, inputs: I[]) => Promise<Settled<O>[]>,
    private readonly max = MAX_PER_RUN,
  ) {}

  add(sessionId: string, input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let queue = this.waiting.get(sessionId);
      if (!queue) {
        queue = [];
        this.waiting.set(sessionId, queue);
      }
      queue.push({ input, resolve, reject });
      if (queue.length >= this.max) {
        this.waiting.delete(sessionId);
        void this.run(sessionId, queue);
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.waiting;
    this.waiting = new Map();
    for (const [sessionId, queue] of all) void this.run(sessionId, queue);
  }

  private async run(sessionId: string, batch: Waiting<I, O>[]): Promise<void> {
    let outcomes: Settled<O>[];
    try {
      outcomes = await this.send(
        sessionId,
        batch.map((w) => w.input),
      );
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i];
      if (outcome && 'value' in outcome) resolve(outcome.value);
      else reject(outcome?.error ?? new Error('no reply for this write'));
    });
  }
}
