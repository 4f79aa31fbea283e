import { limits } from '@agora/shared';

/**
 * How the server judges the length of one text field. A form never cuts a text to fit (a
 * `maxLength` attribute cuts a paste mid-word without a word): it counts as the server does, shows
 * a counter near the limit and refuses to send above it.
 */
export interface LengthRule {
  readonly max: number;
  /** Shorter (but not empty) is refused too; an empty field is the form's own business. */
  readonly min?: number;
  /** The schema trims first (zod `.trim()`): spaces around the text do not count and are not sent. */
  readonly trim: boolean;
}

/**
 * The rule of every limited text field, from the numbers the shared schemas enforce.
 * `length-limit.test.ts` pins each rule to its schema field (trim, count and limit).
 */
export const textRules = {
  question: { max: limits.questionMaxLength, min: limits.questionMinLength, trim: true },
  pollQuestion: { max: limits.pollQuestionMaxLength, trim: true },
  pollOption: { max: limits.pollOptionMaxLength, trim: true },
  scaleLabel: { max: limits.scaleLabelMaxLength, trim: false },
  cloudPrompt: { max: limits.cloudPromptMaxLength, trim: true },
  editionName: { max: limits.editionNameMaxLength, trim: true },
  venue: { max: limits.venueMaxLength, trim: true },
  sessionTitle: { max: limits.sessionTitleMaxLength, trim: true },
  sessionDescription: { max: limits.sessionDescriptionMaxLength, trim: false },
  room: { max: limits.roomMaxLength, trim: true },
  personName: { max: limits.nameMaxLength, trim: true },
} as const satisfies Record<string, LengthRule>;

/** A word-cloud phrase: its limit is the cloud's own setting. */
export function cloudWordRule(maxLength: number): LengthRule {
  return { max: maxLength, trim: true };
}

/** What a form needs to know about a text against its rule. */
export interface LengthCheck {
  /** What the server counts, and what to send: trimmed when the rule trims. */
  readonly value: string;
  readonly length: number;
  readonly max: number;
  readonly min: number;
  /** Characters above the limit (0 when it fits). */
  readonly over: number;
  readonly tooShort: boolean;
  /** Within a tenth of the limit (at least 5 characters) or above it: the counter shows and warns. */
  readonly near: boolean;
}

/**
 * Counts `text` the way the server will: in code points (an emoji is one), as zod's `min` and `max`
 * count strings and as the word-cloud rule counts phrases, after a trim where the schema trims.
 */
export function checkLength(text: string, rule: LengthRule): LengthCheck {
  const value = rule.trim ? text.trim() : text;
  const length = [...value].length;
  const min = rule.min ?? 0;
  return {
    value,
    length,
    max: rule.max,
    min,
    over: Math.max(0, length - rule.max),
    tooShort: length > 0 && length < min,
    near: rule.max - length <= Math.max(5, Math.ceil(rule.max / 10)),
  };
}

/** Joins `aria-describedby` ids, leaving out the absent ones. */
export function describedBy(...ids: (string | null | undefined | false)[]): string | undefined {
  const present = ids.filter(Boolean);
  return present.length > 0 ? present.join(' ') : undefined;
}
