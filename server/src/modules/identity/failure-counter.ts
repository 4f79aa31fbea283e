import type { Clock } from '../clock.ts';

/** Failures of one key in its current window. */
export interface FailureCount {
  failures: number;
  /** Until the window ends and the count starts again from 0 (0 when there is no window). */
  resetInMs: number;
}

/**
 * Failures per key (an address) in a fixed window that starts at the key's first failure. In memory
 * with one node; in Redis with several, so every node sees the same count. Both pass the contract
 * suite in failure-counter.test.ts.
 */
export interface FailureCounter {
  /** The count as it stands; 0 when the key has no failure in a live window. */
  get(key: string): Promise<FailureCount>;
  /** Records one failure and returns the count including it: each value is returned once per window. */
  add(key: string): Promise<FailureCount>;
}

const none: FailureCount = { failures: 0, resetInMs: 0 };

/** The embedded implementation: one node's memory, expired windows swept as it grows. */
export class MemoryFailureCounter implements FailureCounter {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();
  private nextSweepAt = 1024;

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  async get(key: string): Promise<FailureCount> {
    const now = this.clock.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) return none;
    return { failures: window.failures, resetInMs: window.resetAt - now };
  }

  async add(key: string): Promise<FailureCount> {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { failures: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
      if (this.windows.size >= this.nextSweepAt) this.sweep(now);
    }
    window.failures += 1;
    return { failures: window.failures, resetInMs: window.resetAt - now };
  }

  // A guesser rotating addresses leaves one entry per address; swept when the map doubles, so the
  // cost stays linear in what was added.
  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweepAt = Math.max(1024, this.windows.size * 2);
  }
}

interface Logger {
  error(object: object, message: string): void;
}

/**
 * Counting fails open: when the counter (Redis) errs or does not answer within `timeoutMs`, the
 * attempt is treated as the address's first, so an outage of the counter never keeps a valid code
 * out; the entropy of the codes, not the counter, is what keeps guessing out of reach. One log line
 * per `logEveryMs` at most, with how many calls failed open since the last one.
 */
export class FailOpenCounter implements FailureCounter {
  private failedSinceLog = 0;
  private lastLogAt = -Infinity;

  constructor(
    private readonly inner: FailureCounter,
    private readonly logger: Logger,
    private readonly options: { timeoutMs: number; logEveryMs: number; now: () => number },
  ) {}

  get(key: string): Promise<FailureCount> {
    return this.guard(() => this.inner.get(key));
  }

  add(key: string): Promise<FailureCount> {
    return this.guard(() => this.inner.add(key));
  }

  private async guard(call: () => Promise<FailureCount>): Promise<FailureCount> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      this.failedSinceLog += 1;
      const now = this.options.now();
      if (now - this.lastLogAt >= this.options.logEveryMs) {
        this.logger.error(
          { err: error, failedOpen: this.failedSinceLog },
          'failure counter unavailable: attempts are not counted (valid codes still get in)',
        );
        this.lastLogAt = now;
        this.failedSinceLog = 0;
      }
      return none;
    } finally {
      clearTimeout(timer);
    }
  }
}
