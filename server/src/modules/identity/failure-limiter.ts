import { AppError } from '@agora/shared';
import type { Clock } from '../clock.ts';

/**
 * Counts failed joins per address in a sliding window; past the limit, further attempts from that
 * address are refused until old failures age out. Guessing a 59-bit code is hopeless anyway;
 * this keeps the logs and the store quiet.
 */
export class FailureLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Throws RATE_LIMITED when the address has used up its failures. */
  check(address: string): void {
    const recent = this.recent(address);
    if (recent.length >= this.maxFailures) {
      const retryAfterSeconds = Math.ceil(((recent[0] ?? 0) + this.windowMs - this.clock.now()) / 1000);
      throw new AppError('RATE_LIMITED', 'too many failed attempts; try again later', { retryAfterSeconds });
    }
  }

  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.clock.now());
    this.failures.set(address, recent);
  }

  private recent(address: string): number[] {
    const since = this.clock.now() - this.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(address);
    return recent;
  }
}
