import { describe, expect, it } from 'vitest';
import { pick, roundsOf, upvoteRound, type Approved } from './soak-plan.ts';

/** A seeded random source (mulberry32), so each case can be run over many draws and replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = Array.from({ length: 200 }, (_, s) => s + 1);
const plan = (minutes: number) => Array.from({ length: minutes }, (_, m) => roundsOf(m, minutes));

describe('the soak plan', () => {
  it('runs a poll and a word cloud in a soak of any length, and at least one round every minute', () => {
    for (const minutes of [1, 2, 3, 4, 5, 60]) {
      const rounds = plan(minutes);
      expect(new Set(rounds.flat()), `${minutes} min`).toEqual(new Set(['poll', 'cloud']));
      expect(rounds.every((r) => r.length >= 1 && new Set(r).size === r.length)).toBe(true);
    }
  });
  it('runs a poll, then a cloud, in a one-minute soak', () => {
    expect(plan(1)).toEqual([['poll', 'cloud']]);
  });
  it('keeps the hour as it was measured: one round a minute, polls on even minutes, clouds on odd ones', () => {
    const hour = plan(60);
    expect(hour.every((r, m) => r.length === 1 && r[0] === (m % 2 === 0 ? 'poll' : 'cloud'))).toBe(true);
    expect(plan(2)).toEqual([['poll'], ['cloud']]);
  });
  it('picks distinct members, as many as asked and no more than there are', () => {
    const pool = [5, 6, 7, 8, 9];
    for (const seed of SEEDS) {
      const two = pick(pool, 2, seeded(seed));
      expect(new Set(two).size).toBe(2);
      expect(two.every((x) => pool.includes(x))).toBe(true);
    }
    expect(pick(pool, 9).sort()).toEqual(pool);
    expect(pick(pool, 0)).toEqual([]);
  });
});

describe('the upvote round', () => {
  const present = Array.from({ length: 300 }, (_, i) => i);
  // Question k asked by participant 10 k + 3.
  const approved: Approved[] = [0, 1, 2, 3, 4].map((k) => ({ id: `q${k}`, k }));
  const askers = new Map(approved.map((q) => [q.k, q.k * 10 + 3]));

  it('has a tenth of those present vote, each once, each on an approved question they did not ask', () => {
    for (const seed of SEEDS) {
      const round = upvoteRound(present, approved, askers, 0.1, seeded(seed));
      expect(round).toHaveLength(30);
      expect(new Set(round.map((v) => v.p)).size).toBe(30);
      for (const { p, q } of round) {
        expect(approved).toContain(q);
        expect(askers.get(q.k)).not.toBe(p);
      }
    }
  });
  it('sends no upvote before anything is approved (the product refuses one on a pending question)', () => {
    expect(upvoteRound(present, [], askers)).toEqual([]);
  });
  it('finds a voter even when the only approved question is one of the few present’s own', () => {
    // Ten present, one vote due; the one approved question is participant 3's: someone else votes.
    const few = Array.from({ length: 10 }, (_, i) => i);
    for (const seed of SEEDS) {
      const round = upvoteRound(few, [approved[0]!], askers, 0.1, seeded(seed));
      expect(round).toHaveLength(1);
      expect(round[0]!.p).not.toBe(3);
      expect(round[0]!.q).toEqual(approved[0]);
    }
  });
  it('sends no upvote when the only one present asked the only approved question', () => {
    expect(upvoteRound([3], [approved[0]!], askers)).toEqual([]);
  });
});
