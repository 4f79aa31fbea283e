import { describe, expect, it } from 'vitest';
import type { FailureCounter } from '../../../server/src/modules/identity/failure-counter.ts';

/** Opens a fresh, empty counter with this window (its own key space). */
export type FailureCounterFactory = (windowMs: number) => Promise<FailureCounter>;

const until = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every FailureCounter must do; run against the memory one and a real redis-server. Windows
 * are real time here (Redis expires keys by its own clock), kept short.
 */
export function failureCounterContract(name: string, open: FailureCounterFactory): void {
  describe(`failure counter contract: ${name}`, () => {
    it('counts nothing for an address it has not seen', async () => {
      const counter = await open(60_000);
      expect(await counter.get('203.0.113.1')).toEqual({ failures: 0, resetInMs: 0 });
    });

    it('returns each count once as failures are added, and reads it back with the time left', async () => {
      const counter = await open(60_000);
      const added = await Promise.all(Array.from({ length: 5 }, () => counter.add('203.0.113.1')));
      expect(added.map((c) => c.failures).sort()).toEqual([1, 2, 3, 4, 5]);
      const read = await counter.get('203.0.113.1');
      expect(read.failures).toBe(5);
      expect(read.resetInMs).toBeGreaterThan(50_000);
      expect(read.resetInMs).toBeLessThanOrEqual(60_000);
    });

    it('counts each address apart', async () => {
      const counter = await open(60_000);
      await counter.add('203.0.113.1');
      await counter.add('203.0.113.1');
      expect((await counter.add('2001:db8:1:2::/64')).failures).toBe(1);
      expect((await counter.get('203.0.113.1')).failures).toBe(2);
    });

    it('starts again from zero once the window that began at the first failure has passed', async () => {
      const counter = await open(300);
      await counter.add('203.0.113.1');
      await until(150);
      // A later failure does not push the window's end back.
      expect((await counter.add('203.0.113.1')).resetInMs).toBeLessThanOrEqual(160);
      await until(250);
      expect(await counter.get('203.0.113.1')).toEqual({ failures: 0, resetInMs: 0 });
      expect((await counter.add('203.0.113.1')).failures).toBe(1);
    });
  });
}
