import type { AppError } from '@agora/shared';
import { refusals as lifecycle } from '../../modules/interactions/lifecycle.rules.ts';
import { refusals as organizer } from '../../modules/organizer/organizer.rules.ts';
import { refusals as polls } from '../../modules/polls/polls.rules.ts';
import { refusals as questions } from '../../modules/questions/questions.rules.ts';
import { refusals as clouds } from '../../modules/wordcloud/wordcloud.rules.ts';
import { refusals as session } from '../../modules/session-access.ts';

/**
 * The rules files whose refusals the hot scripts name (`refuse('polls.choiceCount', max)` in Lua):
 * a script says which rule refused, the rules file says how. A bare name is a question rule.
 */
const rules: Record<string, Record<string, (...args: string[]) => AppError>> = {
  questions,
  lifecycle,
  polls,
  clouds,
  organizer,
  session,
} as unknown as Record<string, Record<string, (...args: string[]) => AppError>>;

const rulePattern = /^RULE (?:(\w+)\.)?(\w+)(?: (.*))?$/s;

/** The refusal a script's `RULE <file>.<name> <args…>` error names, or null for any other error. */
export function ruleRefusal(message: string): AppError | null {
  const match = rulePattern.exec(message);
  if (!match) return null;
  const file = rules[match[1] ?? 'questions'];
  const name = match[2] ?? '';
  if (!file || !Object.hasOwn(file, name)) return null;
  const refuse = file[name] as (...args: string[]) => AppError;
  return refuse(...(match[3] === undefined ? [] : match[3].split(' ')));
}
