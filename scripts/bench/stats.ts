/** Small statistics over latency samples (ms). */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarise(values: number[]): Summary {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0] ?? NaN,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

export function median(values: number[]): number {
  return percentile(
    values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b),
    50,
  );
}

/** Rounded for tables: 3 significant digits below 100, integers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}

/** The least-squares slope of y over x (NaN with fewer than two distinct x). */
export function slope(xs: number[], ys: number[]): number {
  const points = xs.map((x, i) => [x, ys[i]!] as const).filter(([x, y]) => Number.isFinite(x + y));
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  if (sxx === 0) return NaN;
  return points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}
