import { describe, expect, it } from 'vitest';
import { formatTime } from './format.ts';

describe('formatTime', () => {
  const morning = Date.UTC(2026, 5, 24, 7, 5); // 09:05 in Paris

  it('writes a French time with two digits for the hour, as programmes print it', () => {
    expect(formatTime(morning, 'fr', 'Europe/Paris')).toBe('09:05');
  });

  it('writes an English time as English readers write it, without a leading zero', () => {
    expect(formatTime(morning, 'en', 'Europe/Paris')).toBe('9:05 AM');
    expect(formatTime(Date.UTC(2026, 5, 24, 23, 41), 'en', 'Europe/Paris')).toBe('1:41 AM');
  });
});
