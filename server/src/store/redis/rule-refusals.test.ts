import { describe, expect, it } from 'vitest';
import { AppError } from '@agora/shared';
import { interactionScripts } from './interaction-scripts.ts';
import { organizerScripts } from './organizer-scripts.ts';
import { privacyScripts } from './privacy-scripts.ts';
import { ruleRefusal } from './rule-refusals.ts';
import { scripts } from './scripts.ts';

describe('refusals named by the scripts', () => {
  it('every rule a script names is a refusal of a rules file', () => {
    const lua = [scripts, interactionScripts, organizerScripts, privacyScripts].flatMap((s) =>
      Object.values(s),
    );
    const names = new Set(lua.flatMap((body) => [...body.matchAll(/refuse\('([\w.]+)'/g)].map((m) => m[1])));
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) {
      expect(ruleRefusal(`RULE ${name} 2 x y`), name).toBeInstanceOf(AppError);
    }
  });

  it('gives the rules files’ texts, with their arguments', () => {
    expect(ruleRefusal('RULE polls.choiceCount 3')).toMatchObject({
      code: 'INVALID_PAYLOAD',
      message: 'between 1 and 3 choices',
    });
    expect(ruleRefusal('RULE lifecycle.closed poll closing onsite')).toMatchObject({
      code: 'CLOSED',
      message: 'closed in the hall (still open for remote participants)',
    });
    expect(ruleRefusal('RULE notFound question')?.message).toBe('question not found');
    expect(ruleRefusal('RULE session.votePolicy onsite')).toMatchObject({
      code: 'POLICY_FORBIDS',
      message: 'only on-site participants may vote in this session',
    });
    expect(ruleRefusal('RULE polls.nothing')).toBeNull();
    expect(ruleRefusal('ERR something else')).toBeNull();
  });
});
