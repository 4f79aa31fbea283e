/** Timers, injected so tests drive time by hand. */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const systemScheduler: Scheduler = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending broadcast or remote-window timer must not keep a stopping process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * Coalesces bursts of changes into bounded-rate flushes, per key (one poll, one cloud, one
 * session's presence). Keys are compared as `Map` keys: a string, or an object the caller keeps
 * (one per thing it names, so marking one allocates nothing): however many `mark`s arrive, a key is flushed at most once per
 * `intervalMs` (a number, or the key's own interval, read at each mark), and the last mark is
 * always followed by a flush. The flush reads the state as it is
 * then, so what goes out is whole and current, never one message per vote.
 */
export class Coalescer<K = string> {
  private readonly pending_ = new Map<K, unknown>();
  private readonly lastFlush = new Map<K, number>();

  constructor(
    private readonly flush: (key: K) => void,
    private readonly scheduler: Scheduler,
    private readonly intervalMs: number | ((key: K) => number) = 250,
  ) {}

  /** Something changed under `key`: schedule a flush (at once if the key was quiet, else at the next slot). */
  mark(key: K): void {
    if (this.pending_.has(key)) return;
    const last = this.lastFlush.get(key);
    const interval = typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs(key);
    const wait = last === undefined ? 0 : Math.max(0, last + interval - this.scheduler.now());
    this.pending_.set(
      key,
      this.scheduler.setTimeout(() => {
        this.pending_.delete(key);
        this.run(key);
      }, wait),
    );
  }

  /** Flushes now (final results, a reveal, a hidden word) and cancels the scheduled flush it replaces. */
  flushNow(key: K): void {
    const handle = this.pending_.get(key);
    if (handle !== undefined) {
      this.scheduler.clearTimeout(handle);
      this.pending_.delete(key);
    }
    this.run(key);
  }

  /** Whether a flush of `key` is scheduled. */
  pending(key: K): boolean {
    return this.pending_.has(key);
  }

  /** Cancels every scheduled flush (shutdown). */
  stop(): void {
    for (const handle of this.pending_.values()) this.scheduler.clearTimeout(handle);
    this.pending_.clear();
  }

  private run(key: K): void {
    this.lastFlush.set(key, this.scheduler.now());
    this.flush(key);
  }
}
