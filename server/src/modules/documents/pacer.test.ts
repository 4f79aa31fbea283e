import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.ts';

describe('the file pacer', () => {
  it('lets bytes out at its rate, shared by everyone waiting, in arrival order', async () => {
    const pacer = new Pacer(1_000_000);
    const started = performance.now();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => pacer.take(100_000).then(() => order.push(i))));
    const seconds = (performance.now() - started) / 1000;
    // 600 kB at 1 MB/s, less the first chunk (a full bucket lets out a chunk larger than itself):
    // about half a second.
    expect(seconds).toBeGreaterThan(0.4);
    expect(seconds).toBeLessThan(1.2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('does not wait without a budget', async () => {
    const started = performance.now();
    await new Pacer(0).take(10_000_000);
    expect(performance.now() - started).toBeLessThan(20);
  });
});
