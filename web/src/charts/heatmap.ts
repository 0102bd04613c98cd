// Native histogram heatmap, the pure part: Prometheus' JSON histogram points -> cells (one per populated bucket
// per step), a y layout for their bounds, colours, and the hit test behind the tooltip. HeatmapChart.tsx only
// draws what these say.
//
// The y axis is a layout in "units" (uPlot's y scale is linear in them, the axis labels name real bounds):
// - log: exponential schemas. Positive buckets on a log10 scale; the zero bucket [-z, z] gets a band of its own
//   below them (its width in the values means nothing on a log scale), negative buckets are mirrored below it,
//   the most negative lowest.
// - ordinal: custom bounds (schema -53, classic-style buckets): every distinct bound is one step up, so +Inf and
//   -Inf have a row and uneven bounds stay readable, as Grafana draws `le` buckets.
import type { z } from "zod";
import type { histogramMatrixSeriesSchema } from "../../../core/contracts/prometheus";

export type WireHistogramSeries = z.infer<typeof histogramMatrixSeriesSchema>;

/** 0 (lower, upper], 1 [lower, upper), 2 (lower, upper), 3 [lower, upper]: Prometheus' boundaryRule. */
export type BoundaryRule = 0 | 1 | 2 | 3;

export interface HistBucket {
  rule: BoundaryRule;
  lower: number;
  upper: number;
  count: number;
}

export interface HistPoint {
  /** Unix seconds. */
  t: number;
  count: number;
  sum: number;
  buckets: HistBucket[];
}

export interface HistSeries {
  metric: Record<string, string>;
  points: HistPoint[];
}

/** Prometheus' float spellings: "+Inf", "-Inf", "NaN" and Go's decimal/exponent forms. */
export function parsePromFloat(s: string): number {
  if (s === "+Inf" || s === "Inf") return Number.POSITIVE_INFINITY;
  if (s === "-Inf") return Number.NEGATIVE_INFINITY;
  if (s === "NaN") return Number.NaN;
  const t = s.trim();
  return t === "" || t !== s ? Number.NaN : Number(t);
}

/** The series' histogram points as numbers; a bucket whose bounds are not numbers, or upside down, is a broken
 * answer and throws with where it is (the caller shows it as the query's error). */
export function toHistSeries(s: WireHistogramSeries, at = ""): HistSeries {
  const points = (s.histograms ?? []).map(([t, h], i): HistPoint => {
    const buckets = (h.buckets ?? []).map(([rule, lo, hi, c], j): HistBucket => {
      const lower = parsePromFloat(lo);
      const upper = parsePromFloat(hi);
      const count = parsePromFloat(c);
      if (Number.isNaN(lower) || Number.isNaN(upper) || !(lower <= upper) || Number.isNaN(count))
        throw new Error(`histogram ${at}histograms.${i}.buckets.${j} is not a bucket: [${rule}, ${lo}, ${hi}, ${c}]`);
      return { rule, lower, upper, count };
    });
    return { t, count: parsePromFloat(h.count), sum: parsePromFloat(h.sum), buckets };
  });
  return { metric: s.metric, points };
}

export interface Cell {
  /** Unix seconds: the column covers [x0, x1), centred on the sample's time. */
  x0: number;
  x1: number;
  t: number;
  bucket: HistBucket;
}

/** Query step of the points: the given one, else the smallest gap between samples (60 s for a single one). */
export function stepOf(points: HistPoint[], step?: number): number {
  if (step && step > 0) return step;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i++) min = Math.min(min, points[i].t - points[i - 1].t);
  return Number.isFinite(min) && min > 0 ? min : 60;
}

/** One cell per populated bucket per point, one step wide around the point; a missing step stays a gap. */
export function cellsOf(points: HistPoint[], step?: number): Cell[] {
  const w = stepOf(points, step);
  const out: Cell[] = [];
  for (const p of points)
    for (const b of p.buckets) if (b.count !== 0) out.push({ x0: p.t - w / 2, x1: p.t + w / 2, t: p.t, bucket: b });
  return out;
}

export const isZeroBucket = (b: Pick<HistBucket, "lower" | "upper">) => b.lower <= 0 && b.upper >= 0;

/** Exponential buckets lie on one side of zero with finite bounds, the one away from zero a power of 2^(2^-s)
 * for a schema s in -4..8; the zero bucket is [-z, z]. Anything else (an infinite bound, a bucket touching zero,
 * bounds like 0.1) is custom. */
export function looksExponential(buckets: HistBucket[]): boolean {
  for (const b of buckets) {
    if (!Number.isFinite(b.lower) || !Number.isFinite(b.upper)) return false;
    if (isZeroBucket(b)) {
      if (b.lower !== -b.upper) return false;
      continue;
    }
    const far = Math.log2(Math.max(Math.abs(b.lower), Math.abs(b.upper))) * 256;
    if (Math.abs(far - Math.round(far)) > 1e-6) return false;
  }
  return true;
}

export interface Tick {
  u: number;
  value: number;
}

export interface Layout {
  kind: "log" | "ordinal";
  /** The y scale runs 0..total units. */
  total: number;
  /** [bottom, top] of a bucket in units. */
  rows: (b: HistBucket) => [number, number];
  /** Axis ticks (value = the bound shown there). */
  ticks: Tick[];
}

/** The zero band's height: a twelfth of the decades shown, at least a third of a decade. */
const zeroBand = (decades: number) => Math.max(decades / 12, 1 / 3);

export function makeLayout(cells: Cell[]): Layout {
  const buckets = cells.map((c) => c.bucket);
  return looksExponential(buckets) ? logLayout(buckets) : ordinalLayout(buckets);
}

function logLayout(buckets: HistBucket[]): Layout {
  let pLo = Number.POSITIVE_INFINITY;
  let pHi = 0;
  let nLo = Number.POSITIVE_INFINITY;
  let nHi = 0;
  let zero = false;
  for (const b of buckets) {
    if (isZeroBucket(b)) zero = true;
    else if (b.lower > 0) (pLo = Math.min(pLo, b.lower)), (pHi = Math.max(pHi, b.upper));
    else (nLo = Math.min(nLo, -b.upper)), (nHi = Math.max(nHi, -b.lower));
  }
  const hasPos = pHi > 0;
  const hasNeg = nHi > 0;
  const P = hasPos ? Math.log10(pHi / pLo) : 0;
  const N = hasNeg ? Math.log10(nHi / nLo) : 0;
  // A band between the two sides even without a zero bucket, so -1e-3 and 1e-3 never touch.
  const Z = zero || (hasPos && hasNeg) ? zeroBand(P + N) : 0;
  const total = N + Z + P || 1;
  const toUnit = (v: number): number => {
    if (v > 0 && hasPos && v >= pLo) return N + Z + Math.log10(v / pLo);
    if (v < 0 && hasNeg && -v >= nLo) return N - Math.log10(-v / nLo);
    return N + Z / 2;
  };
  const rows = (b: HistBucket): [number, number] => (isZeroBucket(b) ? [N, N + Z] : [toUnit(b.lower), toUnit(b.upper)]);
  // A few buckets: tick their own bounds (a reader wants to see where 125 ms ends); many: decades.
  const pos = new Set<number>();
  const neg = new Set<number>();
  for (const b of buckets)
    if (!isZeroBucket(b)) for (const v of [b.lower, b.upper]) (v > 0 ? pos : neg).add(Math.abs(v));
  const pick = (own: Set<number>, lo: number, hi: number) => (own.size <= 12 ? [...own] : logTicks(lo, hi));
  const ticks: Tick[] = [];
  if (hasNeg) for (const v of pick(neg, nLo, nHi)) ticks.push({ u: toUnit(-v), value: -v });
  if (Z > 0) ticks.push({ u: N + Z / 2, value: 0 });
  if (hasPos) for (const v of pick(pos, pLo, pHi)) ticks.push({ u: toUnit(v), value: v });
  return { kind: "log", total, rows, ticks: ticks.sort((a, b) => a.u - b.u) };
}

/** Decades within [lo, hi]; with fewer than two, the 2s and 5s too; with none of those, the ends. */
export function logTicks(lo: number, hi: number): number[] {
  const within = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    const d = 10 ** e;
    if (within(d)) out.push(d);
  }
  if (out.length < 2)
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
      for (const m of [2, 5]) if (within(m * 10 ** e)) out.push(m * 10 ** e);
  if (out.length === 0) out.push(lo, hi);
  return [...new Set(out.map((v) => Number(v.toPrecision(12))))].sort((a, b) => a - b);
}

function ordinalLayout(buckets: HistBucket[]): Layout {
  const bounds = [...new Set(buckets.flatMap((b) => [b.lower, b.upper]))].sort((a, b) => a - b);
  const rank = new Map(bounds.map((v, i) => [v, i]));
  const total = Math.max(1, bounds.length - 1);
  return {
    kind: "ordinal",
    total,
    rows: (b) => [rank.get(b.lower) ?? 0, rank.get(b.upper) ?? total],
    ticks: bounds.map((value, u) => ({ u, value })),
  };
}

/** Ticks at least `minGap` units apart, the first and the last always kept when they fit. */
export function thinTicks(ticks: Tick[], minGap: number): Tick[] {
  const out: Tick[] = [];
  for (const t of ticks) if (!out.length || t.u - out[out.length - 1].u >= minGap) out.push(t);
  return out;
}

/** The cell under a point (x in seconds, y in units); null over a gap or an empty bucket. */
export function cellAt(cells: Cell[], layout: Layout, x: number, y: number): Cell | null {
  for (const c of cells) {
    if (x < c.x0 || x >= c.x1) continue;
    const [lo, hi] = layout.rows(c.bucket);
    if (y >= lo && y <= hi) return c;
  }
  return null;
}

/** "(0.25, 0.5]" with the bucket's own brackets. */
export function bucketRange(b: HistBucket, fmt: (v: number) => string = String): string {
  const open = b.rule === 1 || b.rule === 3 ? "[" : "(";
  const close = b.rule === 0 || b.rule === 3 ? "]" : ")";
  const f = (v: number) => (v === Number.POSITIVE_INFINITY ? "+Inf" : v === Number.NEGATIVE_INFINITY ? "-Inf" : fmt(v));
  return `${open}${f(b.lower)}, ${f(b.upper)}${close}`;
}

/** Viridis at 9 stops: perceptually even, readable by colour-blind people, and distinct from both themes'
 * backgrounds at its ends. */
export const PALETTE = [
  "#440154",
  "#472d7b",
  "#3b528b",
  "#2c728e",
  "#21918c",
  "#28ae80",
  "#5ec962",
  "#addc30",
  "#fde725",
];

/** Position of a value on the colour scale, 0..1: square root of its share of the largest value (Grafana's default
 * exponent 0.5), so a bucket with a tenth of the peak is still clearly coloured. Zero and below sit at 0. */
export function scaleOf(v: number, max: number): number {
  if (!(max > 0) || !(v > 0)) return 0;
  return Math.min(1, Math.sqrt(v / max));
}

export function colorAt(f: number): string {
  const x = Math.max(0, Math.min(1, f)) * (PALETTE.length - 1);
  const i = Math.min(PALETTE.length - 2, Math.floor(x));
  const a = hexRgb(PALETTE[i]);
  const b = hexRgb(PALETTE[i + 1]);
  const k = x - i;
  const mix = (p: number, q: number) => Math.round(p + (q - p) * k);
  return `rgb(${mix(a[0], b[0])}, ${mix(a[1], b[1])}, ${mix(a[2], b[2])})`;
}

function hexRgb(h: string): [number, number, number] {
  const n = Number.parseInt(h.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

export const maxValue = (cells: Cell[]) => cells.reduce((m, c) => Math.max(m, c.bucket.count), 0);

/** Legend marks: 0, a quarter and the peak, at their places on the square-root scale. */
export function legendTicks(max: number): { value: number; at: number }[] {
  if (!(max > 0)) return [{ value: 0, at: 0 }];
  return [0, 0.25, 1].map((k) => ({ value: k * max, at: scaleOf(k * max, max) }));
}

/** What the colour means: rate()/irate()/increase() answers are per second or per window, a raw selector counts. */
export function valueName(query: string): string {
  if (/\b(i?rate)\s*\(/.test(query)) return "per-second rate per bucket";
  if (/\bincrease\s*\(/.test(query)) return "increase per bucket";
  return "observations per bucket";
}

/** A bucket bound for the axis and the tooltip: ±Inf by name, seconds in s/ms/µs/ns, other values compact. */
export function formatBound(v: number, unit = ""): string {
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  const trim = (x: number) => String(Number(x.toPrecision(3)));
  const a = Math.abs(v);
  if (unit === "s" && a > 0) {
    if (a >= 1) return `${trim(v)} s`;
    if (a >= 1e-3) return `${trim(v * 1e3)} ms`;
    if (a >= 1e-6) return `${trim(v * 1e6)} µs`;
    return `${trim(v * 1e9)} ns`;
  }
  if (a === 0) return "0";
  if (a >= 1e9 || a < 1e-3) return v.toExponential(1).replace("e+", "e");
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e3) return `${trim(v / 1e3)}k`;
  return trim(v);
}

/** Seconds when the query is over a `_seconds` metric (Prometheus' naming convention for durations). */
export const boundUnit = (query: string, metric: Record<string, string> = {}) =>
  /_seconds\b/.test(metric.__name__ ?? query) ? "s" : "";
