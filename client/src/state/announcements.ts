import { projectorScreen, type AudienceSession } from './session.state.ts';

/**
 * What a screen-reader user hears without moving focus (a polite live region): a poll or cloud
 * opened, their ballot or word stored, their question stored, approved, put on screen, answered,
 * not kept or merged, a question put on screen, new questions in the list. `text` is what it is
 * about (the poll's question, the question's text).
 */
export type Announcement =
  | {
      kind: 'pollOpened' | 'cloudOpened' | 'voteStored' | 'questionApproved' | 'questionOnScreen';
      text: string;
    }
  | { kind: MyQuestionNews; text: string }
  | { kind: 'wordStored' }
  | { kind: 'newQuestions'; count: number };

/** What becomes of the participant's own question, said under `room.announce.` (i18n/room.fr.ts). */
export type MyQuestionNews =
  'questionStored' | 'questionRejected' | 'questionAnswered' | 'questionMerged' | 'myQuestionOnScreen';

const MINE_NOW: Partial<Record<string, MyQuestionNews>> = {
  rejected: 'questionRejected',
  answered: 'questionAnswered',
  merged: 'questionMerged',
};

const wasOpen = (prev: { status: string } | undefined) => prev !== undefined && prev.status !== 'draft';
const sameChoices = (a: readonly string[] | undefined, b: readonly string[]) =>
  a !== undefined && a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * What changed between two states of a participant's session that deserves a word. Nothing for
 * the first state (what is there on arrival is read with the page), and a fresh snapshot that
 * brings the same things says nothing again: ballots compare by choices, words by count.
 */
export function audienceAnnouncements(prev: AudienceSession | null, next: AudienceSession): Announcement[] {
  if (prev === null || prev === next) return [];
  const out: Announcement[] = [];
  const before = prev.interactions;
  const after = next.interactions;
  for (const poll of after.polls.values()) {
    if (poll.status === 'open' && !wasOpen(before.polls.get(poll.id)))
      out.push({ kind: 'pollOpened', text: poll.question });
  }
  for (const cloud of after.clouds.values()) {
    if (cloud.status === 'open' && !wasOpen(before.clouds.get(cloud.id)))
      out.push({ kind: 'cloudOpened', text: cloud.prompt });
  }
  for (const [pollId, ballot] of after.myBallots) {
    if (!sameChoices(before.myBallots.get(pollId)?.choices, ballot.choices))
      out.push({ kind: 'voteStored', text: after.polls.get(pollId)?.question ?? '' });
  }
  for (const [cloudId, words] of after.myWords) {
    if (words.length > (before.myWords.get(cloudId)?.length ?? 0)) out.push({ kind: 'wordStored' });
  }
  for (const q of next.qa.mine.values()) {
    const before = prev.qa.mine.get(q.id)?.status;
    if (before === q.status) continue;
    if (before === undefined && q.status === 'pending') out.push({ kind: 'questionStored', text: q.text });
    else if (q.status === 'approved' && before === 'pending')
      out.push({ kind: 'questionApproved', text: q.text });
    else if (before !== undefined && MINE_NOW[q.status])
      out.push({ kind: MINE_NOW[q.status]!, text: q.text });
  }
  // Others' questions newly listed; the person's own is announced as approved instead.
  let arrived = 0;
  for (const id of next.qa.questions.keys())
    if (!prev.qa.questions.has(id) && !next.qa.mine.has(id)) arrived += 1;
  if (arrived > 0) out.push({ kind: 'newQuestions', count: arrived });
  const shownBefore = projectorScreen(prev);
  const shown = projectorScreen(next);
  if (
    shown.kind === 'question' &&
    (shownBefore.kind !== 'question' || shownBefore.question.id !== shown.question.id)
  )
    out.push({
      kind: next.qa.mine.has(shown.question.id) ? 'myQuestionOnScreen' : 'questionOnScreen',
      text: shown.question.text,
    });
  return out;
}
