import type { CloudWord } from '@agora/shared';
import cloud from 'd3-cloud';
import { useEffect, useRef, useState } from 'react';
import {
  colourFor,
  layoutInputs,
  pickWords,
  stableOrder,
  type LayoutInput,
  type Placed,
} from './cloud-layout.ts';

/** Layout area in SVG units (16:9 minus the projector's header); the SVG scales it to the screen. */
const AREA = { width: 1600, height: 720 };
const SCALE = { min: 44, max: 150, step: 6 };
export const CLOUD_FONT = "'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";
const RELAYOUT_MS = 2_000;

type LayoutWord = LayoutInput & { x?: number; y?: number; font?: string; weight?: string | number };

/**
 * Runs d3-cloud with every word starting where it was last time (or at its seeded point), so
 * a word only moves when something new overlaps it. d3-cloud places words one by one, biggest
 * first, each on a spiral from its start: with `random` fixed at 0.5 every start is the centre
 * and the spiral below shifts it to the word's own point.
 */
function layout(inputs: LayoutInput[]): Promise<Placed[]> {
  return new Promise((resolve) => {
    let next = 0;
    const spiral = (size: [number, number]) => {
      const start = inputs[next++]?.start ?? { x: 0, y: 0 };
      const e = size[0] / size[1];
      return (t: number): [number, number] => {
        const a = t * 0.1;
        return [start.x + e * a * Math.cos(a), start.y + a * Math.sin(a)];
      };
    };
    cloud<LayoutWord>()
      .size([AREA.width, AREA.height])
      .words(inputs.map((i) => ({ ...i })))
      .padding(6)
      .rotate(0)
      .font(CLOUD_FONT)
      .fontWeight(800)
      .fontSize((d) => d.size)
      .random(() => 0.5)
      .spiral(spiral)
      .on('end', (tags) =>
        resolve(tags.map((d) => ({ key: d.key, text: d.text, size: d.size, x: d.x ?? 0, y: d.y ?? 0 }))),
      )
      .start();
  });
}

/**
 * The live word cloud of the projector: first-appearance order, seeded starts, previous positions
 * kept, at most one re-layout every two seconds, size and position changes eased by CSS, new
 * words fading in.
 */
export function WordCloud({ words }: { words: readonly CloudWord[] }) {
  const [placed, setPlaced] = useState<Placed[]>([]);
  const order = useRef<string[]>([]);
  const previous = useRef<ReadonlyMap<string, Placed>>(new Map());
  const latest = useRef(words);
  const lastRun = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const counts = new Map(words.map((w) => [w.key, w.count]));

  useEffect(() => {
    latest.current = words;
    let live = true;
    const run = async () => {
      timer.current = null;
      lastRun.current = Date.now();
      order.current = stableOrder(order.current, latest.current);
      const picked = pickWords(latest.current, order.current);
      const result = await layout(layoutInputs(picked, previous.current, AREA, SCALE));
      if (!live) return;
      previous.current = new Map(result.map((p) => [p.key, p]));
      const rank = new Map(order.current.map((k, i) => [k, i]));
      setPlaced(result.sort((a, b) => (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0)));
    };
    if (timer.current === null) {
      const wait = Math.max(0, lastRun.current + RELAYOUT_MS - Date.now());
      timer.current = setTimeout(() => void run(), wait);
    }
    return () => {
      live = false;
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [words]);

  return (
    <svg
      className="cloud-svg"
      viewBox={`${-AREA.width / 2} ${-AREA.height / 2} ${AREA.width} ${AREA.height}`}
      role="img"
      aria-label={placed.map((p) => p.text).join(', ')}
      data-testid="projector-cloud"
    >
      {placed.map((p) => (
        <text
          key={p.key}
          className="cloud-word"
          textAnchor="middle"
          data-testid="cloud-word"
          data-key={p.key}
          data-count={counts.get(p.key) ?? 0}
          style={{
            transform: `translate(${p.x}px, ${p.y}px)`,
            fontSize: `${p.size}px`,
            fill: colourFor(p.key),
            fontFamily: CLOUD_FONT,
          }}
        >
          {p.text}
        </text>
      ))}
    </svg>
  );
}
