import type { AppErrorBody } from '@agora/shared';

/** The longest wait between two automatic tries: a person at the door should not wait more. */
export const MAX_RETRY_DELAY_MS = 15_000;

/**
 * How long to wait before automatic try number `attempt + 1` after UNAVAILABLE: 1, 2, 4, 8, then
 * 15 s. A hall of people whose phones all failed at once comes back spread out, not in one burst.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.max(0, attempt));
}

/**
 * What to do after a failed join: try again by itself (the server or its store was unreachable),
 * wait the server's Retry-After before letting the person try again, or stop (a wrong code, …).
 */
export function afterJoinFailure(
  error: AppErrorBody,
  attempt: number,
): { kind: 'retry'; delayMs: number } | { kind: 'wait'; delayMs: number } | { kind: 'stop' } {
  if (error.code === 'UNAVAILABLE') return { kind: 'retry', delayMs: retryDelayMs(attempt) };
  if (error.code === 'RATE_LIMITED') {
    const details = error.details as { retryAfterSeconds?: unknown } | undefined;
    const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 5;
    return { kind: 'wait', delayMs: Math.max(1, seconds) * 1000 };
  }
  return { kind: 'stop' };
}
