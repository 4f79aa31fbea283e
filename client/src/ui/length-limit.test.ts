import {
  CloudDraft,
  EditionInput,
  ModeratorInput,
  PollDraft,
  QuestionText,
  ScreenInput,
  SessionInput,
} from '@agora/shared';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkLength, cloudWordRule, textRules, type LengthRule } from './length-limit.ts';

/** Each client rule next to the schema field the server judges the same text with. */
const pinned: [keyof typeof textRules, z.ZodType][] = [
  ['question', QuestionText],
  ['pollQuestion', PollDraft.shape.question],
  ['pollOption', PollDraft.shape.options.unwrap().element],
  ['scaleLabel', PollDraft.shape.scale.unwrap().shape.minLabel],
  ['cloudPrompt', CloudDraft.shape.prompt],
  ['editionName', EditionInput.shape.name],
  ['venue', EditionInput.shape.venue],
  ['sessionTitle', SessionInput.shape.title],
  ['sessionDescription', SessionInput.shape.description],
  ['room', ScreenInput.shape.room],
  ['personName', ModeratorInput.shape.name],
];

const fits = (rule: LengthRule, text: string) => {
  const c = checkLength(text, rule);
  return c.over === 0 && !c.tooShort;
};

describe('text length rules', () => {
  it.each(pinned)('the %s rule accepts and refuses exactly what its schema does', (name, schema) => {
    const rule: LengthRule = textRules[name];
    const word = 'é'.repeat(rule.max);
    const padded = `  ${word}  `;
    const emoji = '😀'.repeat(Math.ceil(rule.max / 2) + 1);
    for (const text of [word, `${word}x`, padded, `${padded}x`, emoji, 'ab']) {
      expect({ text: text.slice(0, 12), fits: fits(rule, text) }).toEqual({
        text: text.slice(0, 12),
        fits: schema.safeParse(text).success,
      });
    }
  });

  it('counts a pasted 562-character question as 62 too many and keeps it whole', () => {
    const text = `${'a'.repeat(561)}?`;
    const c = checkLength(`  ${text}\n`, textRules.question);
    expect(c).toMatchObject({ value: text, length: 562, max: 500, over: 62, near: true });
  });

  it('counts code points, an emoji as one, as zod and the word-cloud rule do', () => {
    const c = checkLength(` ${'🌱'.repeat(30)} `, cloudWordRule(30));
    expect(c).toMatchObject({ length: 30, over: 0 });
    expect(checkLength('🌱'.repeat(31), cloudWordRule(30)).over).toBe(1);
  });

  it('says a text is near its limit within a tenth of it, or five characters for a short one', () => {
    expect(checkLength('a'.repeat(269), textRules.pollQuestion).near).toBe(false);
    expect(checkLength('a'.repeat(270), textRules.pollQuestion).near).toBe(true);
    expect(checkLength('a'.repeat(24), cloudWordRule(30)).near).toBe(false);
    expect(checkLength('a'.repeat(25), cloudWordRule(30)).near).toBe(true);
  });

  it('leaves an empty text to the form and calls a short one too short only below a minimum', () => {
    expect(checkLength('   ', textRules.question)).toMatchObject({ length: 0, tooShort: false });
    expect(checkLength(' ab ', textRules.question).tooShort).toBe(true);
    expect(checkLength('ab', textRules.pollQuestion).tooShort).toBe(false);
  });
});
