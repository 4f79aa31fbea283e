import type { CloudWord } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  colourFor,
  fitToWidth,
  fontSize,
  layoutInputs,
  pickWords,
  seededStart,
  stableOrder,
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

  it('draws the most frequent words only, in first-appearance order', () => {
    const words = [w('a', 1), w('b', 9), w('c', 5), w('d', 5)];
    const picked = pickWords(words, ['a', 'b', 'c', 'd'], 3);
    expect(picked.map((x) => x.key)).toEqual(['b', 'c', 'd']);
    expect(pickWords([w('z', 0)], ['z'])).toEqual([]);
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
});
