import { describe, expect, it } from 'vitest';
import { cpuTicks, threadTicks } from './proc.ts';

describe('threadTicks', () => {
  it("counts this process's JavaScript thread apart, within the process's own total", () => {
    const before = threadTicks(process.pid);
    // 300 ms of this thread's CPU (not of the wall clock: the machine may be busy).
    const start = process.cpuUsage().user;
    let x = 0;
    while (process.cpuUsage().user - start < 300_000) x += Math.sqrt(x + 1);
    const after = threadTicks(process.pid);
    expect(x).toBeGreaterThan(0);
    // At least 10 ticks of 10 ms on the main thread.
    expect(after.main - before.main).toBeGreaterThanOrEqual(10);
    expect(after.main + after.v8 + after.other).toBeLessThanOrEqual(cpuTicks(process.pid));
  });

  it('is empty for a process that is gone', () => {
    expect(threadTicks(2 ** 22 + 7)).toEqual({ main: 0, v8: 0, other: 0 });
  });
});
