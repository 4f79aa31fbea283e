import { describe, expect, it } from 'vitest';
import { audienceResultsIntervalMs } from './results-cadence.ts';

describe('audience results cadence', () => {
  it('keeps the moderators’ pace for small rooms, slows down with the room, and stays bounded', () => {
    expect(audienceResultsIntervalMs(0)).toBe(250);
    expect(audienceResultsIntervalMs(2_000)).toBe(250);
    expect(audienceResultsIntervalMs(5_000)).toBe(500);
    expect(audienceResultsIntervalMs(10_000)).toBe(1_000);
    expect(audienceResultsIntervalMs(100_000)).toBe(2_000);
    // A test's longer base interval is never shortened.
    expect(audienceResultsIntervalMs(10_000, 5_000)).toBe(5_000);
  });
});
