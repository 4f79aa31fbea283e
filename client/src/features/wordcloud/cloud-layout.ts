import type { CloudWord } from '@agora/shared';

/**
 * The pure half of the projector's word cloud: which words are drawn, in which order, how big,
 * in which colour and from which starting point. d3-cloud then only resolves collisions.
 */

/** At most this many words go to the layout (its cost grows with them); the rest count as left out. */
export const MAX_WORDS = 60;

/**
 * Keys in the order this screen first saw them: the order words are drawn in, so a new word is
 * added on top and nothing already drawn is re-created.
 */
export function stableOrder(previous: readonly string[], words: readonly CloudWord[]): string[] {
  const seen = new Set(previous);
  const next = [...previous];
  for (const w of words) {
    if (!seen.has(w.key)) {
      seen.add(w.key);
      next.push(w.key);
    }
  }
  return next;
}

/**
 * The ranking the projector draws from: most frequent first, ties in the order the server lists
 * the words, which both stores keep as the order of first appearance (a Map's insertion order, a
 * Redis list of keys). Every screen and every reload ranks the same way, and a new word never
 * takes the place of an equally frequent word already drawn. The sort is stable.
 */
export function rankWords(words: readonly CloudWord[]): CloudWord[] {
  return words.filter((w) => w.count > 0).sort((a, b) => b.count - a.count);
}

export type SizeScale = { min: number; max: number; step: number };

/**
 * Font size from a word's share of the top count, on a square-root scale (area grows with the
 * count) and rounded to steps, so one more word somewhere does not resize every word on screen.
 */
export function fontSize(count: number, topCount: number, scale: SizeScale): number {
  if (topCount <= 1) return scale.min + Math.round((scale.max - scale.min) / 2 / scale.step) * scale.step;
  const share = Math.sqrt(Math.max(0, count - 1) / (topCount - 1));
  const raw = scale.min + share * (scale.max - scale.min);
  return Math.min(scale.max, Math.round(raw / scale.step) * scale.step);
}

/**
 * Caps a size so the word fits the width (bold sans-serif glyphs average ~0.62 em), never below
 * `floor` (the smallest size readable at the back of the hall).
 */
export function fitToWidth(text: string, size: number, width: number, floor = 8): number {
  const limit = Math.floor((0.9 * width) / (0.62 * Math.max(1, text.length)));
  return Math.max(floor, Math.min(size, limit));
}

/** FNV-1a: a stable 32-bit hash, the seed of everything random about a word. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Where a word first tries to sit, relative to the centre: a seeded point in the middle half of
 * the area, the same on every projector and every reload.
 */
export function seededStart(key: string, width: number, height: number): { x: number; y: number } {
  const h = hash(key);
  const angle = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  const radius = Math.sqrt((h >>> 16) / 0x10000) * 0.5;
  return {
    x: Math.round(Math.cos(angle) * radius * width * 0.5),
    y: Math.round(Math.sin(angle) * radius * height * 0.5),
  };
}

/** Bright colours that keep at least 7:1 contrast on the projector's black. */
export const CLOUD_COLOURS = [
  '#ffd84d',
  '#7cc4ff',
  '#5ee89b',
  '#ffa0b4',
  '#ffffff',
  '#d2b6ff',
  '#ffb86b',
] as const;

export function colourFor(key: string): string {
  return CLOUD_COLOURS[hash(`c:${key}`) % CLOUD_COLOURS.length]!;
}

export type LayoutInput = { key: string; text: string; size: number; start: { x: number; y: number } };
export type Placed = {
  key: string;
  text: string;
  size: number;
  x: number;
  y: number;
  /**
   * A phrase wider than the area, set on several lines (see `wrapText`); `y` is the first line's
   * baseline, each next one 1.2 × `size` lower.
   */
  lines?: string[];
};

/**
 * What d3-cloud is given: sizes, starts (the previous position when there is one, so a word
 * stays where it was unless something now overlaps it) and the placement order, biggest first
 * and then in the order given (d3-cloud sorts by size with a stable sort). Sizes are whole pixels,
 * as d3-cloud truncates them; none is below `scale.floor`.
 */
export function layoutInputs(
  words: readonly CloudWord[],
  previous: ReadonlyMap<string, Placed>,
  area: { width: number; height: number },
  scale: SizeScale & { floor?: number },
  from: 'kept' | 'centre' = 'kept',
  /** For a layout that wraps a phrase wider than the area (`linesLayout`): its size is not capped. */
  wraps = false,
): LayoutInput[] {
  const top = Math.max(0, ...words.map((w) => w.count));
  const floor = Math.ceil(scale.floor ?? 8);
  return words
    .map((w) => {
      const share = Math.round(fontSize(w.count, top, scale));
      const size = wraps ? Math.max(floor, share) : fitToWidth(w.text, share, area.width, floor);
      const before = previous.get(w.key);
      return {
        key: w.key,
        text: w.text,
        size,
        start:
          from === 'centre'
            ? { x: 0, y: 0 }
            : before
              ? { x: before.x, y: before.y }
              : seededStart(w.key, area.width, area.height),
      };
    })
    .sort((a, b) => b.size - a.size);
}

/** One step down when a layout does not hold every word: sizes shrink by 15 % each time. */
export const SHRINK = 0.85;

export type CloudFit = {
  /** The words drawn, in ranking order. */
  placed: Placed[];
  /** The scale factor used; the next layout starts from it, so sizes do not grow back and forth. */
  factor: number;
  /** Words of the ranking left out (drawn as "+ N more words"). */
  left: number;
};

/**
 * The layouts `fitCloud` may use. `place` is the collision step (d3-cloud in the browser): it
 * returns the words it could place, each on a spiral from its start. `lines` lays words in
 * centred lines (see `linesLayout`), the densest shape for words of one size.
 */
export type CloudLayouts = {
  place: (inputs: LayoutInput[]) => Placed[];
  lines?: (inputs: LayoutInput[]) => Placed[];
  /**
   * Whether `place` can draw a word at all, i.e. it is narrower than the area at its size (a long
   * phrase on a phone is not, even at the floor). Without it, every word is taken to fit.
   */
  fits?: (input: LayoutInput) => boolean;
};

/**
 * Which words the projector draws, and how big. Everything in `ranked` (the ranking, see
 * `rankWords`) is laid out; while a word does not fit, every size shrinks by one step and the
 * layout runs again (see `scaledBy`), until every word is at `scale.floor`; then the
 * words from the first one that still did not fit down to the end of the ranking are left out.
 * A drawn word therefore never ranks below a missing one (the old layout let d3-cloud drop
 * whichever big word found no room while smaller, rarer words filled the gaps).
 *
 * Words start where they were (see `layoutInputs`), but kept places are worth less than a word
 * drawn at all: once every word is at the floor and some still do not fit, the words are also laid
 * in centred lines (without `lines`, packed from the centre by `place`), and the layout that holds
 * more of the ranking wins (the kept one on a tie). So how many words a full cloud shows does not
 * depend on the order its words came in: once, 7 long phrases were drawn where 13 fit (2026-12-07).
 * Only at the floor: above it a missing word means shrinking, and a second layout at every step
 * would double the cost of a crowded cloud on a phone (0.5 s of a desktop's CPU already).
 *
 * A word `place` cannot draw at any size (see `fits`: a phrase wider than a phone's box even at
 * the floor) would stop the ranking at its rank, and shrinking cannot help it: the lines, which
 * wrap it, are tried first at every size, and `place` only where it could still hold more of the
 * ranking (at the floor, up to that word). Before, such a phrase at the top of the ranking left a
 * phone's cloud empty (« + 10 autres mots ») after shrinking it to the floor in four layouts.
 *
 * Leaving out the tail keeps the others where they were placed, as placed words never overlap.
 * `total` counts the words of the ranking not even given to the layout (beyond `MAX_WORDS`).
 */
export function fitCloud(
  ranked: readonly CloudWord[],
  total: number,
  previous: ReadonlyMap<string, Placed>,
  area: { width: number; height: number },
  scale: SizeScale & { floor: number },
  startFactor: number,
  layouts: CloudLayouts,
): CloudFit {
  const minFactor = Math.min(1, scale.floor / scale.max);
  const { place, lines, fits } = layouts;
  const start = Math.max(minFactor, Math.min(1, startFactor));
  // The first guess is the spiral's; lines (cheap: no collisions) shrink from the size reached.
  const spiralOnly =
    !lines ||
    !fits ||
    firstWide(ranked, layoutInputs(ranked, previous, area, scaledBy(scale, start)), fits) < 0;
  let factor = spiralOnly ? Math.max(minFactor, Math.min(start, roomFactor(ranked, area, scale))) : start;
  // How many words of the ranking, from the top, a layout holds.
  const holds = (missing: number) => (missing < 0 ? ranked.length : missing);
  for (;;) {
    const sized = scaledBy(scale, factor);
    const atFloor = factor <= minFactor;
    const kept = layoutInputs(ranked, previous, area, sized);
    const packed = () => layoutInputs(ranked, new Map(), area, sized, 'centre', lines !== undefined);
    const wide = lines && fits ? firstWide(ranked, kept, fits) : -1;
    // Each layout with the most of the ranking it can hold: a word wider than the area stops `place`.
    const tries: { run: () => Placed[]; most: number }[] =
      wide < 0
        ? [{ run: () => place(kept), most: ranked.length }]
        : [{ run: () => lines!(packed()), most: ranked.length }];
    if (wide >= 0 && atFloor) tries.push({ run: () => place(kept), most: wide });
    else if (atFloor) {
      // Where words are left out, the kept places against centred lines (cheap, and the densest
      // for words of one size), or without them the spiral again from the centre.
      tries.push({ run: lines ? () => lines(packed()) : () => place(packed()), most: ranked.length });
    }
    let best: { byKey: Map<string, Placed>; missing: number } | null = null;
    for (const attempt of tries) {
      if (best !== null && holds(best.missing) >= attempt.most) continue;
      const byKey = placedByKey(attempt.run());
      const missing = firstMissing(ranked, byKey);
      if (best === null || holds(missing) > holds(best.missing)) best = { byKey, missing };
    }
    const { byKey, missing } = best!;
    if (missing < 0 || atFloor) {
      const drawn = ranked.slice(0, holds(missing));
      return { placed: drawn.map((w) => byKey.get(w.key)!), factor, left: total - drawn.length };
    }
    factor = Math.max(minFactor, factor * SHRINK);
  }
}

/** The rank of the first word `place` cannot draw at its size, -1 when it can draw them all. */
function firstWide(
  ranked: readonly CloudWord[],
  inputs: readonly LayoutInput[],
  fits: (input: LayoutInput) => boolean,
): number {
  const byKey = new Map(inputs.map((i) => [i.key, i]));
  return ranked.findIndex((w) => !fits(byKey.get(w.key)!));
}

/**
 * Words in lines, as a page of text is set: each word, biggest first and then in the order given,
 * goes into the first line with room for it, or a new line below; lines are centred, and the
 * block of lines too. A word wider than the area is set on lines of its own (see `wrapText`). It
 * stops at the first word that finds no room, so the words placed are the first ones given.
 * `width` measures a word's text at a size in pixels; `padding` is the space each side of a word,
 * as d3-cloud keeps it.
 */
export function linesLayout(
  inputs: readonly LayoutInput[],
  area: { width: number; height: number },
  padding: number,
  width: (text: string, size: number) => number,
): Placed[] {
  type Line = {
    size: number;
    used: number;
    /** Text lines: more than one for a phrase set on lines of its own, which nothing joins. */
    rows: number;
    words: { input: LayoutInput; width: number; wrapped?: string[] }[];
  };
  const lines: Line[] = [];
  const height = (line: Line) => Math.ceil(1.2 * line.size * line.rows) + 2 * padding;
  let used = 0;
  for (const input of [...inputs].sort((a, b) => b.size - a.size)) {
    const w = Math.ceil(width(input.text, input.size)) + 2 * padding;
    let line = w <= area.width ? lines.find((l) => l.rows === 1 && l.used + w <= area.width) : undefined;
    if (!line) {
      const wrapped =
        w > area.width
          ? wrapText(input.text, area.width - 2 * padding, (t) => width(t, input.size))
          : undefined;
      line = { size: input.size, used: 0, rows: wrapped?.length ?? 1, words: [] };
      if (used + height(line) > area.height) break;
      lines.push(line);
      used += height(line);
      if (wrapped) {
        const widest = Math.max(...wrapped.map((t) => Math.ceil(width(t.trimEnd(), input.size))));
        line.words.push({ input, width: widest + 2 * padding, wrapped });
        line.used = widest + 2 * padding;
        continue;
      }
    }
    line.words.push({ input, width: w });
    line.used += w;
  }
  const placed: Placed[] = [];
  let top = -used / 2;
  for (const line of lines) {
    let left = -line.used / 2;
    // The (first) baseline sits below its text line's middle by about a third of the size.
    const baseline = Math.round(top + padding + Math.ceil(1.2 * line.size) / 2 + 0.35 * line.size);
    for (const { input, width: w, wrapped } of line.words) {
      placed.push({
        key: input.key,
        text: input.text,
        size: input.size,
        x: Math.round(left + w / 2),
        y: baseline,
        ...(wrapped ? { lines: wrapped } : {}),
      });
      left += w;
    }
    top += height(line);
  }
  return placed;
}

/**
 * A phrase cut into lines no wider than `max`: at its spaces, each line as long as it can be (the
 * space kept at the end of its line, so the lines put together are the phrase), and a word longer
 * than a line cut where the line is full. `width` measures a piece of the phrase.
 */
export function wrapText(text: string, max: number, width: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of text.split(/(?<= )/)) {
    if (width((line + piece).trimEnd()) <= max || line === '') line += piece;
    else {
      lines.push(line);
      line = piece;
    }
    // A single word wider than a line: as many characters as fit (never half of a surrogate
    // pair: an emoji stays whole), the rest on the next lines.
    while (width(line.trimEnd()) > max && Array.from(line.trimEnd()).length > 1) {
      const chars = Array.from(line);
      let cut = chars.length - 1;
      while (cut > 1 && width(chars.slice(0, cut).join('')) > max) cut--;
      lines.push(chars.slice(0, cut).join(''));
      line = chars.slice(cut).join('');
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function placedByKey(placed: readonly Placed[]): Map<string, Placed> {
  return new Map(placed.map((p) => [p.key, p]));
}

/** The rank of the first word of the ranking the layout could not place, -1 when it placed all. */
function firstMissing(ranked: readonly CloudWord[], placed: ReadonlyMap<string, Placed>): number {
  return ranked.findIndex((w) => !placed.has(w.key));
}

/**
 * Every size times `factor`, none below the floor: the smallest words reach the floor first, then
 * the bigger ones come down to it too, so all words end up the same (readable) size before any is
 * left out.
 */
export function scaledBy(
  scale: SizeScale & { floor: number },
  factor: number,
): SizeScale & { floor: number } {
  return {
    floor: scale.floor,
    min: Math.max(scale.floor, scale.min * factor),
    max: Math.max(scale.floor, scale.max * factor),
    step: scale.step * factor,
  };
}

/**
 * A first guess of the factor at which the words' boxes cover half the area (d3-cloud rarely
 * packs denser), so a crowded cloud needs one or two layouts instead of eight.
 */
function roomFactor(
  words: readonly CloudWord[],
  area: { width: number; height: number },
  scale: SizeScale,
): number {
  const top = Math.max(0, ...words.map((w) => w.count));
  const boxes = words.reduce((sum, w) => {
    const size = fontSize(w.count, top, scale);
    return sum + 0.62 * size * Math.max(1, w.text.length) * 1.25 * size;
  }, 0);
  return boxes > 0 ? Math.sqrt((0.5 * area.width * area.height) / boxes) : 1;
}
