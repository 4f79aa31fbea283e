import { describe, expect, it } from 'vitest';
import { pinnedCpus, redisPrimariesOption, withDefaultPrimaries } from './servers.ts';

describe('the --redis-cluster option', () => {
  it('means 3 primaries when no number follows it, at the end or before another option', () => {
    expect(withDefaultPrimaries(['--mode', 'cluster', '--redis-cluster'])).toEqual([
      '--mode',
      'cluster',
      '--redis-cluster',
      '3',
    ]);
    expect(withDefaultPrimaries(['--redis-cluster', '--participants', '1000'])).toEqual([
      '--redis-cluster',
      '3',
      '--participants',
      '1000',
    ]);
  });
  it('keeps a number that follows it, and leaves other arguments alone', () => {
    expect(withDefaultPrimaries(['--redis-cluster', '5', '--quick'])).toEqual([
      '--redis-cluster',
      '5',
      '--quick',
    ]);
    expect(withDefaultPrimaries(['--nodes', '3'])).toEqual(['--nodes', '3']);
  });
  it('is one redis-server when absent and refuses fewer than 3 primaries or a word', () => {
    expect(redisPrimariesOption(undefined)).toBe(0);
    expect(redisPrimariesOption('4')).toBe(4);
    expect(() => redisPrimariesOption('2')).toThrow(/at least 3 primaries/);
    expect(() => redisPrimariesOption('three')).toThrow(/at least 3 primaries/);
  });
});

describe('pinnedCpus (--pin)', () => {
  it('puts the servers on the upper half and the generator on the lower half', () => {
    expect(pinnedCpus(2)).toEqual({ generator: '0', server: '1' });
    expect(pinnedCpus(4)).toEqual({ generator: '0-1', server: '2-3' });
    expect(pinnedCpus(5)).toEqual({ generator: '0-1', server: '2-4' });
  });

  it('cannot pin on a single CPU', () => {
    expect(pinnedCpus(1)).toBeNull();
  });
});
