import type { AttendanceMode, InteractionPolicy, ModQuestion } from '@agora/shared';
import type { Interaction } from './interactions.state.ts';

/** Lower case without accents: « Élus » is found by « elus ». */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The questions whose text or author contains every word of `query` (accents and case aside). */
export function searchQuestions(list: readonly ModQuestion[], query: string): ModQuestion[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((q) => {
    const hay = fold(`${q.text} ${q.authorName ?? ''}`);
    return words.every((w) => hay.includes(w));
  });
}

export interface ScreenBalance {
  /** Questions put on screen so far (the server's screen history), by where their author is. */
  onsite: number;
  remote: number;
  /** The side the next question should come from to keep the balance (null: even, either side). */
  behind: AttendanceMode | null;
  /** The approved question to show next: from the side behind, starred first, then most votes, then oldest. */
  next: ModQuestion | null;
}

/**
 * How many hall and remote questions the plenary has put on screen so far (`shown`: their ids, from
 * the screen history) and which approved question, never shown yet, keeps the two sides even. With
 * no question waiting on the side behind, the best of the other side is suggested.
 */
export function screenBalance(questions: Iterable<ModQuestion>, shown: Iterable<string>): ScreenBalance {
  const taken = { onsite: 0, remote: 0 };
  const waiting: ModQuestion[] = [];
  const wasShown = new Set(shown);
  for (const q of questions) {
    if (wasShown.has(q.id)) taken[q.authorMode] += 1;
    else if (q.status === 'approved') waiting.push(q);
  }
  const behind = taken.onsite === taken.remote ? null : taken.onsite < taken.remote ? 'onsite' : 'remote';
  const best = (list: ModQuestion[]) =>
    [...list].sort(
      (a, b) =>
        Number(b.starred) - Number(a.starred) ||
        b.votes - a.votes ||
        a.createdAt - b.createdAt ||
        a.id.localeCompare(b.id),
    )[0] ?? null;
  const fromBehind = behind ? best(waiting.filter((q) => q.authorMode === behind)) : null;
  return { ...taken, behind, next: fromBehind ?? best(waiting) };
}

export type PhoneWarning =
  { kind: 'nobody-can-answer'; item: Interaction } | { kind: 'remote-cannot-answer'; item: Interaction };

/**
 * Open polls and clouds some phones cannot answer, by the session's policy: nobody may vote, or
 * only the hall may (remote phones show it closed).
 */
export function phoneWarnings(items: Iterable<Interaction>, policy: InteractionPolicy): PhoneWarning[] {
  if (policy.vote === 'everyone') return [];
  const kind = policy.vote === 'nobody' ? 'nobody-can-answer' : 'remote-cannot-answer';
  return [...items]
    .filter((i) => i.status === 'open' || i.status === 'closing')
    .map((item) => ({ kind, item }));
}
