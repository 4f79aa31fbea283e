import { describe, expect, it } from 'vitest';
import { infoField, redisUsedMemory } from './redis-info.ts';

const MEMORY = [
  '# Memory',
  'used_memory:1048576',
  'used_memory_human:1.00M',
  'used_memory_rss:9437184',
  'used_memory_peak:2097152',
].join('\r\n');

describe('a field of Redis’s INFO', () => {
  it('reads the exact field, not the ones it prefixes, across INFO’s CRLF lines', () => {
    expect(infoField(MEMORY, 'used_memory')).toBe(1048576);
    expect(infoField(MEMORY, 'used_memory_rss')).toBe(9437184);
    expect(infoField('# Server\r\nredis_version:7.2.4\r\nprocess_id:4242\r\n', 'process_id')).toBe(4242);
  });
  it('says NaN for a field the section does not hold', () => {
    expect(infoField(MEMORY, 'process_id')).toBeNaN();
  });
});

describe('Redis memory over a run’s Redis processes', () => {
  it('is NaN without Redis (the embedded store)', async () => {
    expect(await redisUsedMemory([])).toBeNaN();
  });
});
