import { describe, expect, it } from 'vitest';
import { afterJoinFailure, retryDelayMs } from './join-retry.ts';

describe('retrying a join', () => {
  it('waits 1, 2, 4 and 8 seconds between automatic tries, then 15 at most', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(retryDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000, 15_000,
    ]);
  });

  it('tries again by itself only while the server is unreachable', () => {
    expect(afterJoinFailure({ code: 'UNAVAILABLE', message: '' }, 2)).toEqual({
      kind: 'retry',
      delayMs: 4000,
    });
    expect(afterJoinFailure({ code: 'INVALID_CODE', message: '' }, 0)).toEqual({ kind: 'stop' });
    expect(afterJoinFailure({ code: 'INTERNAL', message: '' }, 0)).toEqual({ kind: 'stop' });
  });

  it('waits the server’s Retry-After on RATE_LIMITED, five seconds when it gave none', () => {
    const limited = { code: 'RATE_LIMITED', message: '', details: { retryAfterSeconds: 12 } } as const;
    expect(afterJoinFailure(limited, 0)).toEqual({ kind: 'wait', delayMs: 12_000 });
    expect(afterJoinFailure({ code: 'RATE_LIMITED', message: '' }, 0)).toEqual({
      kind: 'wait',
      delayMs: 5000,
    });
  });
});
