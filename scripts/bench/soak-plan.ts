/**
 * The soak's minute, planned: which rounds a minute runs and who upvotes what. Pure (the random
 * source is a parameter), so that soak-plan.test.ts can show that a soak of any length exercises
 * every activity: a 2-minute soak once recorded no upvote at all, because a minute's upvotes went
 * to the questions approved in the minute before, and the first minute's moderator pass (5 s in)
 * had found none of the questions spread over 40 s asked yet.
 */

export type Round = 'poll' | 'cloud';

/** A question of this run the moderator approved: its id, and its number in the run. */
export interface Approved {
  id: string;
  k: number;
}

const KINDS: readonly Round[] = ['poll', 'cloud'];

/**
 * Even minutes a poll, odd ones a word cloud; the last minute also runs the kind no earlier minute
 * ran (a one-minute soak: a poll, then a cloud; one interaction open at a time).
 */
export function roundsOf(minute: number, minutes: number): Round[] {
  const own = minute % 2;
  if (minute < minutes - 1) return [KINDS[own]!];
  // Kind i ran in an earlier minute if one of them had minute % 2 === i, i.e. if minute > i.
  return KINDS.filter((_, i) => i === own || minute <= i);
}

/** `count` distinct members of `pool`, at random. */
export function pick<T>(pool: readonly T[], count: number, random: () => number = Math.random): T[] {
  const copy = [...pool];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, Math.max(0, Math.min(count, copy.length)));
}

/**
 * This minute's upvotes: `share` of those present (at least one), each on an approved question
 * drawn at random among those they did not ask. `askers` maps a question's number to its asker.
 * Nothing approved yet: no upvote (the product refuses an upvote on a pending question).
 */
export function upvoteRound(
  present: readonly number[],
  approved: readonly Approved[],
  askers: ReadonlyMap<number, number>,
  share = 0.1,
  random: () => number = Math.random,
): { p: number; q: Approved }[] {
  const theirs = (p: number) => approved.filter((q) => askers.get(q.k) !== p);
  const eligible = present.filter((p) => theirs(p).length > 0);
  const voters = pick(eligible, Math.max(1, Math.round(present.length * share)), random);
  return voters.map((p) => {
    const options = theirs(p);
    return { p, q: options[Math.floor(random() * options.length)]! };
  });
}
