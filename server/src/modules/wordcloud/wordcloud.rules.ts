import { AppError, checkAnswerable, type Cloud, type MyWord } from '@agora/shared';
import type { CloudDefinition, NewWord } from '../interactions/interactions.store.ts';
import { newDraft, refusals as lifecycle, revealedFor } from '../interactions/lifecycle.rules.ts';

/*
 * The rules of word clouds, decided once: definitions, words, hiding a group. Pure functions of
 * what the store holds, the input and the time, giving a refusal (thrown AppError) or a change; the
 * embedded store applies it, the Redis store commits it (definitions, hiding) or runs the word's
 * script, which reports these rules' codes (`RULE <name>`) and never a text. Every refusal text of
 * a cloud write is here.
 */

/** Every refusal of a cloud write (the lifecycle's are in lifecycle.rules.ts). */
export const refusals = {
  withWords: () => new AppError('CONFLICT', 'a cloud with words cannot be edited'),
  /** A text with nothing left once normalised (the service's check, before the store). */
  noWord: () => new AppError('INVALID_PAYLOAD', 'no word in this text'),
  emptyWord: () => new AppError('INVALID_PAYLOAD', 'an empty word'),
  tooLong: (max: number | string) => new AppError('INVALID_PAYLOAD', `at most ${max} characters`),
  tooManyWords: (max: number | string) => new AppError('LIMIT_REACHED', `at most ${max} words each`),
} as const;

/** A new draft cloud. */
export function newCloud(input: {
  id: string;
  sessionId: string;
  definition: CloudDefinition;
  at: number;
}): Cloud {
  return {
    ...newDraft({ ...input, visibility: input.definition.visibility }),
    kind: 'cloud',
    ...structuredClone(input.definition),
  };
}

/** A cloud's new definition, while nobody has sent a word; `revealed` follows the new visibility. */
export function decideUpdateCloud(
  cloud: Cloud | null,
  hasWords: boolean,
  definition: CloudDefinition,
): Cloud {
  if (!cloud) throw lifecycle.notFound('cloud');
  if (hasWords) throw refusals.withWords();
  return { ...cloud, ...structuredClone(definition), revealed: revealedFor(definition.visibility) };
}

/** The fields of a cloud the word rules read. */
export type WordCloud = Pick<
  Cloud,
  'id' | 'kind' | 'status' | 'remoteClosesAt' | 'maxLength' | 'maxWordsPerParticipant'
>;

/**
 * What a word does:
 * - `again`: a client id this participant already used in this cloud; nothing changes, the word it
 *   was answered then is answered again;
 * - `duplicate`: a key the participant already sent; the client id is recorded, nothing counted;
 * - `count`: the word is the participant's next one; its group (new when `newGroup`, hidden from
 *   the start when blocked) counts it on the sender's side; the results' version is bumped.
 */
export type WordDecision =
  | { kind: 'again'; word: MyWord; counted: false }
  | { kind: 'duplicate'; word: MyWord; counted: false }
  | {
      kind: 'count';
      word: MyWord;
      counted: true;
      side: 'onsite' | 'remote';
      /** The participant's first counted word in this cloud. */
      firstWord: boolean;
      /** A group this cloud did not have: its starting flags. */
      newGroup: { hidden: boolean; blocked: boolean } | null;
    };

/** Length in characters (code points), as the participant typed them. */
const lengthOf = (text: string) => [...text].length;

/**
 * A word, in the order of checks of `InteractionStore.submitWord`: a client id seen before, the
 * lifecycle (CLOSED), the text (INVALID_PAYLOAD), a key sent before, the participant's limit
 * (LIMIT_REACHED). `prior.words`: the participant's counted words (their keys are read).
 */
export function decideWord(
  cloud: WordCloud | null,
  prior: { again: MyWord | null; words: readonly Pick<MyWord, 'key'>[] },
  groupExists: boolean,
  input: Pick<NewWord, 'mode' | 'clientId' | 'text' | 'key' | 'blocked' | 'at'>,
): WordDecision {
  if (!cloud) throw lifecycle.notFound('cloud');
  if (prior.again) return { kind: 'again', word: { ...prior.again }, counted: false };
  checkAnswerable(cloud, input.mode, input.at);
  if (input.key === '' || input.text === '') throw refusals.emptyWord();
  if (lengthOf(input.text) > cloud.maxLength) throw refusals.tooLong(cloud.maxLength);
  const word: MyWord = { cloudId: cloud.id, clientId: input.clientId, text: input.text, key: input.key };
  const { words } = prior;
  if (words.some((w) => w.key === input.key)) return { kind: 'duplicate', word, counted: false };
  if (words.length >= cloud.maxWordsPerParticipant) throw refusals.tooManyWords(cloud.maxWordsPerParticipant);
  return {
    kind: 'count',
    word,
    counted: true,
    side: input.mode === 'onsite' ? 'onsite' : 'remote',
    firstWord: words.length === 0,
    newGroup: groupExists ? null : { hidden: input.blocked, blocked: input.blocked },
  };
}

/**
 * Hides a group from the audience or shows it (which releases a held-back blocked group); NOT_FOUND
 * for a cloud or key that does not exist. `changed`: the results' version is bumped.
 */
export function decideWordHidden(
  facts: { cloudExists: boolean; group: { hidden: boolean } | null },
  hidden: boolean,
): { changed: boolean } {
  if (!facts.cloudExists) throw lifecycle.notFound('cloud');
  if (!facts.group) throw lifecycle.notFound('word');
  return { changed: facts.group.hidden !== hidden };
}

/** A group's shown text: its most frequent spelling, ties going to the first seen (`spellings` in first-seen order). */
export function shownSpelling(spellings: Iterable<readonly [string, number]>): string {
  let text = '';
  let best = 0;
  for (const [spelling, count] of spellings) {
    if (count > best) {
      text = spelling;
      best = count;
    }
  }
  return text;
}
