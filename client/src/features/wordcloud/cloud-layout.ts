import type { CloudWord } from '@agora/shared';

/**
 * The pure half of the projector's word cloud: which words are drawn, in which order, how big,
 * in which colour and from which starting point. d3-cloud then only resolves collisions.
 */

export const MAX_WORDS = 60;

/** Keys in the order they first appeared; a word keeps its rank for the life of the cloud. */
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

/** The `max` most frequent words (ties: the earlier one), listed in first-appearance order. */
export function pickWords(
  words: readonly CloudWord[],
  order: readonly string[],
  max = MAX_WORDS,
): CloudWord[] {
  const rank = new Map(order.map((k, i) => [k, i]));
  const at = (w: CloudWord) => rank.get(w.key) ?? Number.MAX_SAFE_INTEGER;
  const top = words
    .filter((w) => w.count > 0)
    .sort((a, b) => b.count - a.count || at(a) - at(b))
    .slice(0, max);
  return top.sort((a, b) => at(a) - at(b));
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

/** Caps a size so the word fits the width (bold sans-serif glyphs average ~0.62 em). */
export function fitToWidth(text: string, size: number, width: number): number {
  const limit = Math.floor((0.9 * width) / (0.62 * Math.max(1, text.length)));
  return Math.max(8, Math.min(size, limit));
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
export type Placed = { key: string; text: string; size: number; x: number; y: number };

/**
 * What d3-cloud is given: sizes, starts (the previous position when there is one, so a word
 * stays where it was unless something now overlaps it) and the placement order, biggest first
 * with first appearance breaking ties (d3-cloud sorts by size with a stable sort).
 */
export function layoutInputs(
  words: readonly CloudWord[],
  previous: ReadonlyMap<string, Placed>,
  area: { width: number; height: number },
  scale: SizeScale,
): LayoutInput[] {
  const top = Math.max(0, ...words.map((w) => w.count));
  return words
    .map((w) => {
      const size = fitToWidth(w.text, fontSize(w.count, top, scale), area.width);
      const before = previous.get(w.key);
      return {
        key: w.key,
        text: w.text,
        size,
        start: before ? { x: before.x, y: before.y } : seededStart(w.key, area.width, area.height),
      };
    })
    .sort((a, b) => b.size - a.size);
}
