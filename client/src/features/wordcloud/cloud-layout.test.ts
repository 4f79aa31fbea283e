import type { CloudWord } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  colourFor,
  fitCloud,
  fitToWidth,
  fontSize,
  layoutInputs,
  linesLayout,
  rankWords,
  seededStart,
  stableOrder,
  wrapText,
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
    const fit = fitCloud(ranked, 2, new Map(), area, fitScale, 1, { place: roomFor(1e9) });
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
    const fit = fitCloud(ranked, 4, new Map(), area, fitScale, 1, {
      place: roomFor(2 * 2 * 72 * 72 + 2 * 2 * 40 * 40, calls),
    });
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
    const fit = fitCloud(ranked, 9, new Map(), area, fitScale, 1, { place: roomFor(3 * 800 + 400) });
    expect(fit.placed.map((p) => p.key)).toEqual(['aa', 'bb', 'cc']);
    expect(fit.placed.every((p) => p.size === fitScale.floor)).toBe(true);
    // Three of the six laid out, and three more beyond the layout's cap.
    expect(fit.left).toBe(6);
  });

  /**
   * A stand-in for d3-cloud that cares where words start: one row as wide as the area, each word
   * `text.length × size` wide, sitting at its start when that spot is free, else at the free spot
   * nearest to it (as d3-cloud walks out from the start), else skipped. Gaps left between words
   * kept where they were at a bigger size are what leaves a word out.
   */
  function row(inputs: LayoutInput[]): Placed[] {
    const taken: [number, number][] = [];
    const placed: Placed[] = [];
    for (const i of inputs) {
      const half = (i.text.length * i.size) / 2;
      const fits = (x: number) =>
        x - half >= -area.width / 2 &&
        x + half <= area.width / 2 &&
        taken.every(([a, b]) => x + half <= a || x - half >= b);
      let at: number | null = null;
      for (let d = 0; d <= area.width && at === null; d++) {
        if (fits(i.start.x - d)) at = i.start.x - d;
        else if (fits(i.start.x + d)) at = i.start.x + d;
      }
      if (at === null) continue;
      taken.push([at - half, at + half]);
      placed.push({ key: i.key, text: i.text, size: i.size, x: at, y: 0 });
    }
    return placed;
  }

  // Four ten-letter words, 200 px wide at the floor (20 px), in a row of 1,000 px.
  const four = rankWords([
    w('a', 3, 'aaaaaaaaaa'),
    w('b', 3, 'bbbbbbbbbb'),
    w('c', 3, 'cccccccccc'),
    w('d', 2, 'dddddddddd'),
  ]);
  const at = (key: string, x: number): [string, Placed] => [
    key,
    { key, text: key.repeat(10), size: 20, x, y: 0 },
  ];

  it('moves words rather than leave one out when their kept places leave only gaps', () => {
    // Where three words were when they were the only ones: 100 px gaps, too narrow for « d ».
    const previous = new Map([at('a', -300), at('b', 0), at('c', 300)]);
    const fit = fitCloud(four, 4, previous, area, fitScale, fitScale.floor / fitScale.max, { place: row });
    expect(fit.left).toBe(0);
    expect(fit.placed.map((p) => p.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps every word where it was when the kept places hold them all', () => {
    const previous = new Map([at('a', -400), at('b', -200), at('c', 0), at('d', 200)]);
    const fit = fitCloud(four, 4, previous, area, fitScale, fitScale.floor / fitScale.max, { place: row });
    expect(fit.placed.map((p) => [p.key, p.x])).toEqual([
      ['a', -400],
      ['b', -200],
      ['c', 0],
      ['d', 200],
    ]);
  });

  it('lays a full cloud in lines when that holds more of the ranking than the spiral', () => {
    const words = [w('aa', 5), w('bb', 4), w('cc', 3), w('dd', 2), w('e', 1), w('f', 1)];
    const ranked = rankWords(words);
    // The spiral holds three words at the floor; lines of 1,000 px hold all six.
    const lines = (inputs: LayoutInput[]) => linesLayout(inputs, area, 2, (t, size) => t.length * size);
    const fit = fitCloud(ranked, 6, new Map(), area, fitScale, 1, {
      place: roomFor(3 * 800 + 400),
      lines,
    });
    expect(fit.left).toBe(0);
    expect(fit.placed.map((p) => p.key)).toEqual(['aa', 'bb', 'cc', 'dd', 'e', 'f']);
    // Not before the floor: lines only decide which words are left out, never how big they are.
    expect(fit.placed.every((p) => p.size === fitScale.floor)).toBe(true);
  });

  it('lays in lines, wrapped, a phrase the spiral cannot draw, without shrinking through the spiral first', () => {
    // A 60-letter phrase is 1,200 px at the floor: wider than the area, so the spiral never places
    // it, and it leads the ranking. Before, every step down to the floor ran the spiral, and its
    // layout, which holds nothing of the ranking from the top, left the whole cloud empty.
    const ranked = rankWords([w('long', 3, `${'x'.repeat(29)} ${'y'.repeat(30)}`), w('bb', 1), w('cc', 1)]);
    const calls: LayoutInput[][] = [];
    const place = roomFor(1e9, calls);
    const measure = (t: string, size: number) => t.length * size;
    const fit = fitCloud(ranked, 3, new Map(), area, fitScale, 1, {
      place: (inputs) => place(inputs.filter((i) => measure(i.text, i.size) <= area.width)),
      lines: (inputs) => linesLayout(inputs, area, 2, measure),
      fits: (i) => measure(i.text, i.size) <= area.width,
    });
    expect(fit.left).toBe(0);
    expect(fit.placed.map((p) => p.key)).toEqual(['long', 'bb', 'cc']);
    const wrapped = fit.placed[0]!;
    expect(wrapped.lines?.join('')).toBe(wrapped.text);
    expect(wrapped.lines?.every((l) => measure(l.trimEnd(), wrapped.size) <= area.width - 4)).toBe(true);
    // Lines hold them all, the spiral never run: the phrase, sent most, the biggest, wrapped.
    expect(calls).toHaveLength(0);
    expect(fit.placed[0]!.size).toBeGreaterThan(fit.placed[1]!.size);
    expect(fit.placed[1]!.size).toBeGreaterThan(fitScale.floor);
  });

  it('keeps the spiral’s words above a phrase it cannot draw when the lines hold fewer', () => {
    // At the floor (20 px) the lines hold two text lines of 500 px: « aa » and « bb », not the wrapped
    // phrase; the spiral, kept places and all, holds the same two, and wins the tie as the kept one.
    const short = { width: 1000, height: 60 };
    const ranked = rankWords([w('aa', 5), w('bb', 4), w('long', 3, 'z'.repeat(70)), w('cc', 1)]);
    const calls: LayoutInput[][] = [];
    const measure = (t: string, size: number) => t.length * size;
    const fit = fitCloud(ranked, 4, new Map(), short, fitScale, fitScale.floor / fitScale.max, {
      place: (inputs) => roomFor(1e9, calls)(inputs.filter((i) => measure(i.text, i.size) <= short.width)),
      lines: (inputs) => linesLayout(inputs, short, 2, measure),
      fits: (i) => measure(i.text, i.size) <= short.width,
    });
    expect(fit.placed.map((p) => p.key)).toEqual(['aa', 'bb']);
    expect(fit.left).toBe(2);
  });

  it('starts from the previous factor, so sizes do not grow back between two layouts', () => {
    const ranked = rankWords([w('aa', 2), w('bb', 1)]);
    const fit = fitCloud(ranked, 2, new Map(), area, fitScale, 0.5, { place: roomFor(1e9) });
    expect(fit.factor).toBe(0.5);
    expect(fit.placed[0]?.size).toBe(80);
  });
});

describe('a full cloud laid in lines', () => {
  const area = { width: 600, height: 200 };
  const input = (key: string, size: number, length = 10): LayoutInput => ({
    key,
    text: key.repeat(length),
    size,
    start: { x: 0, y: 0 },
  });
  // Each letter as wide as the size: a ten-letter word at 20 px is 200 px, 204 with its padding.
  const width = (text: string, size: number) => text.length * size;

  it('fills each line before the next, centres the lines, and keeps every word inside the area', () => {
    const placed = linesLayout(
      ['a', 'b', 'c', 'd', 'e'].map((k) => input(k, 20)),
      area,
      2,
      width,
    );
    expect(placed.map((p) => p.key)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Two lines of 28 px (1.2 × 20 and the padding): two words, then two, then one, centred.
    const rows = [...new Set(placed.map((p) => p.y))];
    expect(rows).toHaveLength(3);
    expect(placed.filter((p) => p.y === rows[0]).map((p) => p.x)).toEqual([-102, 102]);
    expect(placed.find((p) => p.key === 'e')?.x).toBe(0);
    for (const p of placed) {
      expect(Math.abs(p.x) + width(p.text, p.size) / 2).toBeLessThanOrEqual(area.width / 2);
      expect(Math.abs(p.y)).toBeLessThan(area.height / 2);
    }
  });

  it('stops at the first word that finds no room, so it draws the top of what it is given', () => {
    // Seven lines of 28 px fit in 200; a 70-letter word is wider than the area.
    const many = Array.from({ length: 20 }, (_, i) => input(String.fromCharCode(97 + i), 20));
    expect(linesLayout(many, area, 2, width).map((p) => p.key)).toEqual(many.slice(0, 14).map((i) => i.key));
    // A word of three text lines (76 px) after six lines of 28 px: no room left for it.
    const six = many.slice(0, 12);
    expect(
      linesLayout([...six, input('z', 20, 70), input('y', 20)], area, 2, width).map((p) => p.key),
    ).toEqual(six.map((i) => i.key));
  });

  it('sets a phrase wider than the area on lines of its own, centred, inside the area', () => {
    // 70 letters at 20 px: 1,400 px, in lines of at most 596 px (29 letters).
    const placed = linesLayout([input('a', 20), input('z', 20, 70), input('b', 20)], area, 2, width);
    expect(placed.map((p) => p.key)).toEqual(['a', 'b', 'z']);
    const z = placed.find((p) => p.key === 'z')!;
    expect(z.lines?.join('')).toBe('z'.repeat(70));
    expect(z.lines?.every((l) => width(l, 20) <= 596)).toBe(true);
    expect(z.x).toBe(0);
    // « a » and « b » share no line with it: they sit side by side above its three text lines.
    const rows = [...new Set(placed.map((p) => p.y))];
    expect(rows).toHaveLength(2);
    const bottom = z.y + 1.2 * 20 * 2 + 0.65 * 20;
    expect(bottom).toBeLessThanOrEqual(area.height / 2);
  });
  it('puts a smaller word in a line of bigger ones when it has room', () => {
    // 274 + 44 + 274 px of 600.
    const placed = linesLayout([input('a', 30, 9), input('b', 20, 2), input('c', 30, 9)], area, 2, width);
    expect(new Set(placed.map((p) => p.y)).size).toBe(1);
    expect(placed.map((p) => p.key)).toEqual(['a', 'c', 'b']);
  });
});

describe('a phrase cut into lines', () => {
  const width = (t: string) => t.length * 10;

  it('cuts at spaces, each line as long as it can be, and the lines put together are the phrase', () => {
    const text = 'mutualiser les moyens entre nos associations';
    const lines = wrapText(text, 200, width);
    expect(lines).toEqual(['mutualiser les ', 'moyens entre nos ', 'associations']);
    expect(lines.join('')).toBe(text);
    expect(lines.every((l) => width(l.trimEnd()) <= 200)).toBe(true);
  });

  it('cuts a word longer than a line where the line is full, never inside a character, nor at a no-break space', () => {
    expect(wrapText('anticonstitutionnellement oui', 100, width)).toEqual([
      'anticonsti',
      'tutionnell',
      'ement oui',
    ]);
    expect(wrapText('pourquoi\u202f? ensemble', 100, width)).toEqual(['pourquoi\u202f? ', 'ensemble']);
    // An emoji is two UTF-16 units (measured here as 20 px): never cut between them.
    expect(wrapText('🌍🌍🌍', 30, (t) => t.length * 10)).toEqual(['🌍', '🌍', '🌍']);
  });
});
