import type { CloudWord } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  colourFor,
  fitCloud,
  fitToWidth,
  fontSize,
  layoutInputs,
  rankWords,
  seededStart,
  stableOrder,
  type LayoutInput,
  type Placed,
} from './cloud-layout.ts';

const w = (key: string, count: number, text = key): CloudWord => ({
  key,
  text,
  count,
  onsite: count,
  remote: 0,
});
const scale = { min: 40, max: 160, step: 8 };

describe('word cloud layout inputs', () => {
  it('keeps the order of first appearance whatever order the server lists words in', () => {
    const o1 = stableOrder([], [w('b', 1), w('a', 1)]);
    const o2 = stableOrder(o1, [w('a', 5), w('c', 1), w('b', 2)]);
    expect(o2).toEqual(['b', 'a', 'c']);
  });

  it('sizes words on a stepped square-root scale', () => {
    expect(fontSize(10, 10, scale)).toBe(160);
    expect(fontSize(1, 10, scale)).toBe(40);
    expect(fontSize(5, 10, scale) % 8).toBe(0);
    // One more word for the leader moves a middle word by at most one step.
    expect(Math.abs(fontSize(5, 10, scale) - fontSize(5, 11, scale))).toBeLessThanOrEqual(8);
  });

  it('shrinks a long phrase to fit the width', () => {
    expect(fitToWidth('coopération intercommunale durable', 160, 1600)).toBeLessThan(160);
    expect(fitToWidth('lien', 160, 1600)).toBe(160);
  });

  it('starts a word where it was, or at the same seeded point on every screen', () => {
    const area = { width: 1600, height: 800 };
    const start = seededStart('confiance', 1600, 800);
    expect(seededStart('confiance', 1600, 800)).toEqual(start);
    expect(Math.abs(start.x)).toBeLessThanOrEqual(400);
    expect(Math.abs(start.y)).toBeLessThanOrEqual(200);
    const previous = new Map<string, Placed>([
      ['lien', { key: 'lien', text: 'lien', size: 40, x: -300, y: 90 }],
    ]);
    const inputs = layoutInputs([w('confiance', 3), w('lien', 1)], previous, area, scale);
    expect(inputs.map((i) => i.key)).toEqual(['confiance', 'lien']);
    expect(inputs[1]?.start).toEqual({ x: -300, y: 90 });
    expect(inputs[0]?.start).toEqual(start);
  });

  it('gives each word a stable colour', () => {
    expect(colourFor('confiance')).toBe(colourFor('confiance'));
  });

  it('ranks by count, equal counts in the order the server lists them (first sent first)', () => {
    const words = [w('lien', 1), w('zèle', 2), w('avenir', 2), w('confiance', 3), w('vide', 0)];
    expect(rankWords(words).map((x) => x.key)).toEqual(['confiance', 'zèle', 'avenir', 'lien']);
  });
});

describe('fitting the cloud to its area', () => {
  const area = { width: 1000, height: 500 };
  const fitScale = { min: 40, max: 160, step: 8, floor: 20 };
  /**
   * A stand-in for d3-cloud's collision step with its habit: a word that finds no room is skipped
   * and smaller words after it may still be placed. Room is a budget of text length × size².
   */
  const roomFor =
    (budget: number, calls: LayoutInput[][] = []) =>
    (inputs: LayoutInput[]): Placed[] => {
      calls.push(inputs);
      let used = 0;
      const placed: Placed[] = [];
      for (const i of inputs) {
        const cost = i.text.length * i.size * i.size;
        if (used + cost > budget) continue;
        used += cost;
        placed.push({ key: i.key, text: i.text, size: i.size, x: 0, y: 0 });
      }
      return placed;
    };

  it('draws every word at its size when they all fit', () => {
    const ranked = rankWords([w('aa', 3), w('bb', 1)]);
    const fit = fitCloud(ranked, 2, new Map(), area, fitScale, 1, roomFor(1e9));
    expect(fit).toMatchObject({ factor: 1, left: 0 });
    expect(fit.placed.map((p) => [p.key, p.size])).toEqual([
      ['aa', 160],
      ['bb', 40],
    ]);
  });

  it('shrinks every word before leaving any out', () => {
    const ranked = rankWords([w('aa', 2), w('bb', 2), w('cc', 1), w('dd', 1)]);
    const calls: LayoutInput[][] = [];
    // Room for the four words once the big ones are down to about 70 px.
    const fit = fitCloud(
      ranked,
      4,
      new Map(),
      area,
      fitScale,
      1,
      roomFor(2 * 2 * 72 * 72 + 2 * 2 * 40 * 40, calls),
    );
    expect(fit.left).toBe(0);
    expect(fit.placed.map((p) => p.key)).toEqual(['aa', 'bb', 'cc', 'dd']);
    expect(fit.factor).toBeLessThan(1);
    expect(calls.length).toBeGreaterThan(1);
    expect(Math.min(...fit.placed.map((p) => p.size))).toBeGreaterThanOrEqual(fitScale.floor);
  });

  it('leaves out the rarest words, never a more frequent one, once every word is at the smallest size', () => {
    const words = [w('aa', 5), w('bb', 4), w('cc', 3), w('dd', 2), w('e', 1), w('f', 1)];
    const ranked = rankWords(words);
    // At the floor (20 px) a two-letter word costs 800 and a one-letter word 400: room for three
    // two-letter words and one one-letter word, which d3-cloud would have drawn instead of « dd ».
    const fit = fitCloud(ranked, 9, new Map(), area, fitScale, 1, roomFor(3 * 800 + 400));
    expect(fit.placed.map((p) => p.key)).toEqual(['aa', 'bb', 'cc']);
    expect(fit.placed.every((p) => p.size === fitScale.floor)).toBe(true);
    // Three of the six laid out, and three more beyond the layout's cap.
    expect(fit.left).toBe(6);
  });

  it('starts from the previous factor, so sizes do not grow back between two layouts', () => {
    const ranked = rankWords([w('aa', 2), w('bb', 1)]);
    const fit = fitCloud(ranked, 2, new Map(), area, fitScale, 0.5, roomFor(1e9));
    expect(fit.factor).toBe(0.5);
    expect(fit.placed[0]?.size).toBe(80);
  });
});
