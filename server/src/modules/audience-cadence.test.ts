import { describe, expect, it } from 'vitest';
import { audienceIntervalMs } from './audience-cadence.ts';

describe('audience cadence', () => {
  it('keeps the moderators’ pace for small rooms, slows down with the room, and stays bounded', () => {
    expect(audienceIntervalMs(0)).toBe(250);
    expect(audienceIntervalMs(2_000)).toBe(250);
    expect(audienceIntervalMs(5_000)).toBe(500);
    expect(audienceIntervalMs(10_000)).toBe(1_000);
    expect(audienceIntervalMs(100_000)).toBe(2_000);
    // A test's longer base interval is never shortened.
    expect(audienceIntervalMs(10_000, 5_000)).toBe(5_000);
  });
});
