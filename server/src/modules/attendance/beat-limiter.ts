import { beatSeconds } from '@agora/shared';
import { beatCounts } from './attendance.rules.ts';

/**
 * The last counted beat of each (person, tab) on this node, for `beatCounts`. Bounded: entries
 * older than two beats are dropped as new ones come (a Map iterates in insertion order and an
 * entry is moved to the end when it counts, so the stale ones are at the front), and past
 * `maxEntries` the oldest goes. 10,000 viewers with two tabs each hold about 20,000 entries (~2 MB).
 */
export class BeatLimiter {
  private readonly last = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** Whether this beat counts; if it does, it is remembered as the last counted one. */
  take(personId: string, tabId: string, now: number): boolean {
    const key = `${personId}\u0000${tabId}`;
    if (!beatCounts(this.last.get(key), now)) return false;
    this.last.delete(key);
    this.last.set(key, now);
    this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    const staleBefore = now - 2 * beatSeconds * 1000;
    for (const [key, at] of this.last) {
      if (at >= staleBefore && this.last.size <= this.maxEntries) break;
      this.last.delete(key);
    }
  }

  get size(): number {
    return this.last.size;
  }
}
