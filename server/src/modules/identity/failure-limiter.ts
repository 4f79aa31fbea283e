import { AppError } from '@agora/shared';
import type { Clock } from '../clock.ts';
import { addressKey } from './addresses.ts';
import type { FailureCounter } from './failure-counter.ts';

interface Logger {
  warn(object: object, message: string): void;
}

export interface JoinLimits {
  /** Failures per window after which the address's attempts go through the slow lane. */
  budget: number;
  /** The failure count that logs a warning (once per window and address). */
  warnAt: number;
  windowMs: number;
}

/**
 * The slow lane of an address over its budget, on this node: one attempt checked every
 * `spacingMs`, at most `maxWaitMs` of attempts queued. The balancer spreads an address's
 * connections over the nodes (deploy/haproxy.cfg), so in a cluster its pace is this times the nodes.
 */
export const SLOW_LANE = { spacingMs: 100, maxWaitMs: 10_000 } as const;

export interface Admission {
  /** True when the attempt waited its turn in the slow lane (the address is over its budget). */
  slowed: boolean;
}

const NOT_SLOWED: Admission = { slowed: false };
const SLOWED: Admission = { slowed: true };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Per-address limits on joining with a personal code. A valid code is always checked and admitted:
 * the failure count never refuses it, because a hall's phones share one address and one prankster
 * (or a few hundred typos) must not lock the hall out.
 *
 * Whatever admits a valid code also tells a guesser that a code was valid, so a count that only
 * changed the wording of the refusal would not slow anyone. What the budget buys instead: past it,
 * the address's attempts (valid or not) are checked one at a time, one per `SLOW_LANE.spacingMs`,
 * so one address gets at most 10 checks a second instead of the node's whole rate; a wrong code is
 * then answered RATE_LIMITED with a Retry-After, a valid one gets in after its turn. An address
 * that keeps more than `maxWaitMs` of attempts queued (a flood, not a hall) is answered
 * RATE_LIMITED at once, unchecked. The arithmetic of why guessing stays out of reach is in the
 * docs/operations.md, "Personal codes and guessing".
 */
export class JoinLimiter {
  /** Address key → when the slow lane next checks an attempt from it. */
  private readonly lanes = new Map<string, number>();
  /** Address key → when its window ends, for the addresses this node saw over their budget. */
  private readonly over = new Map<string, number>();

  constructor(
    private readonly counter: FailureCounter,
    private readonly limits: JoinLimits,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  /**
   * Before a code is checked: at once unless this node saw the address over its budget, then after
   * its turn in the slow lane. No counter call here: a join reads only this node's memory (with
   * Redis, a GET per join would have been one more round trip on every join of a rush). An address
   * over budget on other nodes is known here from its first wrong code on this node, whose count
   * comes from the shared counter (`fail`).
   */
  async admit(address: string): Promise<Admission> {
    const key = addressKey(address);
    const until = this.over.get(key);
    if (until === undefined) return NOT_SLOWED;
    const now = this.clock.now();
    if (until <= now) {
      this.over.delete(key);
      return NOT_SLOWED;
    }
    const turn = Math.max(now, this.lanes.get(key) ?? 0);
    if (turn - now > SLOW_LANE.maxWaitMs) throw this.refusal(turn - now);
    this.lanes.set(key, turn + SLOW_LANE.spacingMs);
    if (this.lanes.size > 1024) this.sweep(now);
    if (turn > now) await this.sleep(turn - now);
    return SLOWED;
  }

  /** After a wrong code: counts it, warns at the thresholds, and gives the error to answer. */
  async fail(address: string, admission: Admission): Promise<AppError | null> {
    const key = addressKey(address);
    const { failures, resetInMs } = await this.counter.add(key);
    const context = { address: key, failures, windowSeconds: this.limits.windowMs / 1000 };
    if (failures === this.limits.warnAt && failures < this.limits.budget) {
      this.logger.warn(
        { ...context, resetInSeconds: Math.ceil(resetInMs / 1000) },
        'many wrong personal codes from one address',
      );
    }
    if (failures === this.limits.budget) {
      this.logger.warn(
        {
          ...context,
          resetInSeconds: Math.ceil(resetInMs / 1000),
          checksPerSecond: 1000 / SLOW_LANE.spacingMs,
        },
        'address over its budget of wrong personal codes: its attempts are slowed until the window ends',
      );
    }
    // Over budget from this failure on, until the shared window ends: later attempts here are slowed.
    if (failures >= this.limits.budget) this.over.set(key, this.clock.now() + resetInMs);
    // Not slowed but already over budget before this attempt (it was counted on other nodes): the
    // same answer as a slowed one.
    if (!admission.slowed && failures <= this.limits.budget) return null;
    return this.refusal(Math.max(0, (this.lanes.get(key) ?? 0) - this.clock.now()));
  }

  private refusal(waitMs: number): AppError {
    return new AppError(
      'RATE_LIMITED',
      'too many wrong codes from your network; check your code and try again',
      {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      },
    );
  }

  private sweep(now: number): void {
    for (const [key, turn] of this.lanes) if (turn <= now) this.lanes.delete(key);
    for (const [key, until] of this.over) if (until <= now) this.over.delete(key);
  }
}

/**
 * Per-address limit on organizer logins: passwords can be guessed, unlike personal codes, so past
 * `budget` failures in a window every login from the address is refused RATE_LIMITED (a right
 * password too, or the refusal would tell) until the window ends.
 */
export class LoginLimiter {
  constructor(
    private readonly counter: FailureCounter,
    private readonly budget: number,
    private readonly logger: Logger,
  ) {}

  /** Throws RATE_LIMITED when the address has used up its failures. */
  async check(address: string): Promise<void> {
    const { failures, resetInMs } = await this.counter.get(addressKey(address));
    if (failures >= this.budget) {
      throw new AppError('RATE_LIMITED', 'too many failed attempts; try again later', {
        retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
      });
    }
  }

  async fail(address: string): Promise<void> {
    const key = addressKey(address);
    const { failures, resetInMs } = await this.counter.add(key);
    if (failures === this.budget) {
      this.logger.warn(
        { address: key, failures, resetInSeconds: Math.ceil(resetInMs / 1000) },
        'address over its budget of failed organizer logins: logins from it are refused until the window ends',
      );
    }
  }
}
