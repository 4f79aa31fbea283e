import { describe, expect, it } from 'vitest';
import { pinnedCpus } from './servers.ts';

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
