import type { CloudWord } from '@agora/shared';
import cloud from 'd3-cloud';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  colourFor,
  fitCloud,
  linesLayout,
  MAX_WORDS,
  rankWords,
  stableOrder,
  type LayoutInput,
  type Placed,
} from './cloud-layout.ts';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';

/**
 * Sizes in projector units (u: a hundredth of the widest 16:9 box the screen holds, 19.2 px at
 * 1920×1080). `floor` is the projector's smallest text, 1.5 u (see styles.css): a word is never
 * drawn smaller; below it, the rarest words are left out and counted instead.
 */
const SCALE_U = { min: 2.3, max: 7.8, step: 0.3, floor: 1.5 };
/** On a phone, in CSS pixels: the smallest word stays readable at arm's length (body text is 16). */
const PHONE_PX = { min: 16, max: 40, step: 1, floor: 15 };
export type CloudSizing = 'projector' | 'phone';
export const CLOUD_FONT = "'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";
const RELAYOUT_MS = 2_000;

type Area = { width: number; height: number };
type LayoutWord = LayoutInput & { x?: number; y?: number; font?: string; weight?: string | number };

/**
 * The projector unit in CSS pixels, as `--u` in styles.css computes it from the projector's frame
 * (the screen, or the console's preview box).
 */
function projectorUnit(el: Element | null): number {
  const frame = el?.closest('.projector-frame');
  const width = frame ? frame.clientWidth : window.innerWidth;
  const height = frame ? frame.clientHeight : window.innerHeight;
  return Math.min(width, (height * 16) / 9) / 100;
}

function scaleFor(sizing: CloudSizing, el: Element | null) {
  if (sizing === 'phone') return PHONE_PX;
  const u = projectorUnit(el);
  return { min: SCALE_U.min * u, max: SCALE_U.max * u, step: SCALE_U.step * u, floor: SCALE_U.floor * u };
}

/** The space d3-cloud keeps around each word, and the lines layout too. */
function paddingFor(area: Area): number {
  return Math.max(2, Math.round(area.width / 250));
}

let measuring: CanvasRenderingContext2D | null = null;

/** A word's width in pixels, in the cloud's font and weight, as the canvas measures it. */
function textWidth(text: string, size: number): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  // A canvas without a 2D context: the average glyph width `fitToWidth` assumes.
  if (!measuring) return 0.62 * size * text.length;
  measuring.font = `800 ${size}px ${CLOUD_FONT}`;
  return measuring.measureText(text).width;
}

/**
 * Whether d3-cloud can draw a word at all: its sprite (the text at size + 1, rounded up to 32 px)
 * must be narrower than the area, or the word is never placed.
 */
function spiralFits(input: LayoutInput, area: Area): boolean {
  return Math.ceil((textWidth(input.text, input.size + 1) + 1) / 32) * 32 < area.width;
}

/**
 * Runs d3-cloud (synchronously: its time interval is unbounded) with every word starting where it
 * was last time (or at its seeded point), so a word only moves when something new overlaps it.
 * d3-cloud places words one by one, biggest first, each on a spiral from its start: with `random`
 * fixed at 0.5 every start is the centre and the spiral below shifts it to the word's own point.
 */
function layout(inputs: LayoutInput[], area: Area): Placed[] {
  let placed: Placed[] = [];
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
    .size([area.width, area.height])
    .words(inputs.map((i) => ({ ...i })))
    .padding(paddingFor(area))
    .rotate(0)
    .font(CLOUD_FONT)
    .fontWeight(800)
    .fontSize((d) => d.size)
    .random(() => 0.5)
    .spiral(spiral)
    .on('end', (tags) => {
      placed = tags.map((d) => ({ key: d.key, text: d.text, size: d.size, x: d.x ?? 0, y: d.y ?? 0 }));
    })
    .start();
  return placed;
}

/**
 * The live word cloud of the projector (and, at phone sizes, of the participant's phone): the top
 * of the ranking, laid out in rank order in the measured area, shrunk before anything is left out,
 * "+ N more words" for what is (a full cloud set in centred lines when they hold more words than
 * the spiral, and in lines too when a phrase is wider than the area: it wraps); previous positions kept unless moving words shows more of them, sizes only
 * shrinking during a cloud's life (so words do not pump up and down), at most one re-layout every
 * two seconds, size and position changes eased by CSS, new words fading in.
 */
export function WordCloud({
  words,
  sizing = 'projector',
  testId = 'projector-cloud',
}: {
  words: readonly CloudWord[];
  /** The projector's units, or fixed pixel sizes for the phone's smaller box. */
  sizing?: CloudSizing;
  testId?: string;
}) {
  const { t } = useTranslation();
  const spaced = useFrenchSpacing();
  // Laid out as shown: d3-cloud measures each word with its no-break spaces.
  const shown = useMemo(
    () =>
      words.map((w) => {
        const text = spaced(w.text);
        return text === w.text ? w : { ...w, text };
      }),
    [words, spaced],
  );
  const [placed, setPlaced] = useState<Placed[]>([]);
  const [left, setLeft] = useState(0);
  const [area, setArea] = useState<Area | null>(null);
  const box = useRef<SVGSVGElement>(null);
  const order = useRef<string[]>([]);
  const previous = useRef<ReadonlyMap<string, Placed>>(new Map());
  const factor = useRef(1);
  const latest = useRef(shown);
  const lastRun = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const counts = new Map(shown.map((w) => [w.key, w.count]));

  useEffect(() => {
    const svg = box.current;
    if (!svg) return;
    const observer = new ResizeObserver(() => {
      const r = svg.getBoundingClientRect();
      const next = { width: Math.floor(r.width), height: Math.floor(r.height) };
      setArea((a) => (a && a.width === next.width && a.height === next.height ? a : next));
    });
    observer.observe(svg);
    return () => observer.disconnect();
  }, []);

  // A new size (another screen, a resized window) starts the layout afresh.
  useEffect(() => {
    previous.current = new Map();
    factor.current = 1;
    lastRun.current = 0;
  }, [area]);

  useEffect(() => {
    latest.current = shown;
    if (!area || area.width < 50 || area.height < 50) return;
    let live = true;
    const run = () => {
      timer.current = null;
      lastRun.current = Date.now();
      order.current = stableOrder(order.current, latest.current);
      const ranked = rankWords(latest.current);
      const scale = scaleFor(sizing, box.current);
      const fit = fitCloud(
        ranked.slice(0, MAX_WORDS),
        ranked.length,
        previous.current,
        area,
        scale,
        factor.current,
        {
          place: (inputs) => layout(inputs, area),
          lines: (inputs) => linesLayout(inputs, area, paddingFor(area), textWidth),
          fits: (input) => spiralFits(input, area),
        },
      );
      if (!live) return;
      factor.current = fit.factor;
      previous.current = new Map(fit.placed.map((p) => [p.key, p]));
      const rank = new Map(order.current.map((k, i) => [k, i]));
      setPlaced([...fit.placed].sort((a, b) => (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0)));
      setLeft(fit.left);
    };
    if (timer.current === null) {
      const wait = Math.max(0, lastRun.current + RELAYOUT_MS - Date.now());
      timer.current = setTimeout(run, wait);
    }
    return () => {
      live = false;
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [shown, area, sizing]);

  const w = area?.width ?? 1;
  const h = area?.height ?? 1;
  return (
    <div className="cloud-box">
      <svg
        ref={box}
        className="cloud-svg"
        viewBox={`${-w / 2} ${-h / 2} ${w} ${h}`}
        role="img"
        // Never an empty name: before the first layout (up to 2 s) axe found an unnamed image.
        aria-label={placed.length > 0 ? placed.map((p) => p.text).join(', ') : t('projector.cloudWaiting')}
        data-testid={testId}
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
            {p.lines
              ? p.lines.map((line, i) => (
                  // A line keeps the space it was cut at (the lines together are the phrase), and
                  // the centring counts it: moved right by half of it.
                  <tspan
                    key={i}
                    x={0}
                    dx={line.endsWith(' ') ? textWidth(' ', p.size) / 2 : undefined}
                    dy={i === 0 ? undefined : '1.2em'}
                  >
                    {line}
                  </tspan>
                ))
              : p.text}
          </text>
        ))}
      </svg>
      <p className="cloud-more" data-testid="cloud-more" data-count={left}>
        {left > 0 ? t('projector.moreWords', { count: left }) : ''}
      </p>
    </div>
  );
}
