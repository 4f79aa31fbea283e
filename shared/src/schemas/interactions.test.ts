import { describe, expect, it } from 'vitest';
import { PollDraft } from './interactions.ts';

describe('a poll draft', () => {
  it('refuses two choices that say the same, case and spaces aside', () => {
    const same = PollDraft.safeParse({
      question: 'Venu·e en train ?',
      kind: 'single',
      options: ['Oui', ' oui ', 'Non'],
    });
    expect(same.success).toBe(false);
    expect(same.error?.issues.map((i) => i.path)).toEqual([['options', 1]]);
    expect(
      PollDraft.safeParse({ question: 'Venu·e en train ?', kind: 'single', options: ['Oui', 'Non'] }).success,
    ).toBe(true);
  });
});
