// Evaluates a per-series expression for one series at every step of a grid, into caller-owned arrays:
// the same arithmetic as the step-by-step evaluator (range-functions.ts, functions.ts, binary.ts), laid out
// series-at-a-time so a shard never builds per-step sample objects.
import { scalarBinop } from "../binary";
import { MATH } from "../functions";
import { dropName } from "../labels";
import { extrapolatedRateAt, instantValueAt, KEEPS_NAME, RANGE_FUNCTIONS } from "../range-functions";
import { isStaleNaN } from "../stale";
import type { Labels } from "../types";
import type { Value } from "../value";
import { type Grid, gridSteps, type SeriesExpr } from "./spec";

/** binary.ts: arithmetic other than atan2 drops the metric name; comparisons keep it unless `bool`. */
const DROPS_NAME = new Set(["+", "-", "*", "/", "%", "^"]);
const ARITH = new Set(["+", "-", "*", "/", "%", "^", "atan2"]);

/** The output label set of a series under `e` (constant over steps for every per-series expression). */
export function outputLabels(e: SeriesExpr, raw: Labels): Labels {
  switch (e.k) {
    case "sel":
      return raw;
    case "range":
      return KEEPS_NAME.has(e.f) ? raw : dropName(raw);
    case "scalar": {
      const inner = outputLabels(e.x, raw);
      return DROPS_NAME.has(e.op) || e.bool ? dropName(inner) : inner;
    }
    default:
      return dropName(outputLabels(e.x, raw));
  }
}

/** Whether `e` drops the metric name somewhere (then two series differing only by name may collide). */
export function dropsName(e: SeriesExpr): boolean {
  switch (e.k) {
    case "sel":
      return false;
    case "range":
      return !KEEPS_NAME.has(e.f);
    case "scalar":
      return DROPS_NAME.has(e.op) || e.bool || dropsName(e.x);
    default:
      return true;
  }
}

/** One series' samples, time-ascending; values are read bit-exact (stale markers are NaN payloads). */
export interface SeriesSamples {
  ts: Float64Array;
  vs: Float64Array;
  n: number;
}

/** Scratch buffers for the live (non-stale) samples of a series, grown as needed and reused. */
export class LiveScratch {
  ts = new Float64Array(256);
  vs = new Float64Array(256);
  ensure(n: number): void {
    if (this.ts.length >= n) return;
    const size = Math.max(n, this.ts.length * 2);
    this.ts = new Float64Array(size);
    this.vs = new Float64Array(size);
  }
}

/** Fills out[0..steps) and present[0..steps) for one series; returns how many steps are present. */
export function evalSeries(
  e: SeriesExpr,
  s: SeriesSamples,
  grid: Grid,
  lookbackMs: number,
  leftOpen: boolean,
  out: Float64Array,
  present: Uint8Array,
  live: LiveScratch,
): number {
  const steps = gridSteps(grid);
  switch (e.k) {
    case "sel":
      return selectorSteps(e, s, grid, steps, lookbackMs, leftOpen, out, present);
    case "range":
      return rangeSteps(e, s, grid, steps, leftOpen, out, present, live);
  }
  const n = evalSeries(e.x, s, grid, lookbackMs, leftOpen, out, present, live);
  return n === 0 ? 0 : applyStep(e, steps, out, present, n);
}

/** Applies what `e` does above its selector leaf to the leaf's step values in out/present (n of them present). */
export function outerSteps(e: SeriesExpr, steps: number, out: Float64Array, present: Uint8Array, n: number): number {
  if (e.k === "sel" || e.k === "range") return n;
  const inner = outerSteps(e.x, steps, out, present, n);
  return inner === 0 ? 0 : applyStep(e, steps, out, present, inner);
}

function applyStep(
  e: Exclude<SeriesExpr, { k: "sel" | "range" }>,
  steps: number,
  out: Float64Array,
  present: Uint8Array,
  n: number,
): number {
  switch (e.k) {
    case "math": {
      const f = MATH[e.f];
      for (let i = 0; i < steps; i++) if (present[i]) out[i] = f(out[i]);
      return n;
    }
    case "neg":
      for (let i = 0; i < steps; i++) if (present[i]) out[i] = -out[i];
      return n;
    case "clamp":
      if (e.max < e.min) {
        present.fill(0, 0, steps);
        return 0;
      }
      for (let i = 0; i < steps; i++) if (present[i]) out[i] = Math.max(e.min, Math.min(e.max, out[i]));
      return n;
    case "round": {
      const inv = 1 / e.to;
      for (let i = 0; i < steps; i++) if (present[i]) out[i] = Math.floor(out[i] * inv + 0.5) / inv;
      return n;
    }
    case "scalar": {
      const comparison = !ARITH.has(e.op);
      for (let i = 0; i < steps; i++) {
        if (!present[i]) continue;
        const l = e.swap ? e.s : out[i];
        const r = e.swap ? out[i] : e.s;
        let [v, keep] = scalarBinop(e.op, l, r);
        if (comparison && e.swap) v = r;
        if (e.bool) v = keep ? 1 : 0;
        else if (!keep) {
          present[i] = 0;
          n--;
          continue;
        }
        out[i] = v;
      }
      return n;
    }
  }
}

function stepRef(at: number | null, offsetMs: number, t: number): number {
  return (at ?? t) - offsetMs;
}

/** Instant selector: the newest sample within the lookback window, unless it is a stale marker. */
function selectorSteps(
  e: Extract<SeriesExpr, { k: "sel" }>,
  s: SeriesSamples,
  grid: Grid,
  steps: number,
  lookbackMs: number,
  leftOpen: boolean,
  out: Float64Array,
  present: Uint8Array,
): number {
  const { ts, vs } = s;
  let j = 0;
  let n = 0;
  let prevRef = -Infinity;
  for (let i = 0; i < steps; i++) {
    const ref = stepRef(e.at, e.offsetMs, grid.start + i * grid.step);
    if (ref < prevRef) j = 0;
    prevRef = ref;
    while (j < s.n && ts[j] <= ref) j++;
    const k = j - 1;
    present[i] = 0;
    if (k < 0) continue;
    const st = ts[k];
    const min = ref - lookbackMs;
    if (st < min || (leftOpen && st === min)) continue;
    const v = vs[k];
    if (v !== v && isStaleNaN(v)) continue;
    out[i] = v;
    present[i] = 1;
    n++;
  }
  return n;
}

/** Copies the non-stale samples (range functions never see staleness markers). */
function liveSamples(s: SeriesSamples, live: LiveScratch): number {
  live.ensure(s.n);
  let m = 0;
  for (let i = 0; i < s.n; i++) {
    const v = s.vs[i];
    if (v !== v && isStaleNaN(v)) continue;
    live.ts[m] = s.ts[i];
    live.vs[m] = v;
    m++;
  }
  return m;
}

function rangeSteps(
  e: Extract<SeriesExpr, { k: "range" }>,
  s: SeriesSamples,
  grid: Grid,
  steps: number,
  leftOpen: boolean,
  out: Float64Array,
  present: Uint8Array,
  live: LiveScratch,
): number {
  const m = liveSamples(s, live);
  // Views bounded to the live samples: the slow path hands these to range-functions.ts.
  const ts = live.ts.subarray(0, m);
  const vs = live.vs.subarray(0, m);
  const f = e.f;
  const slow = RANGE_FUNCTIONS[f];
  let lo = 0;
  let hi = 0;
  let lastLo = Infinity;
  let lastRef = Infinity;
  let n = 0;
  for (let i = 0; i < steps; i++) {
    const t = grid.start + i * grid.step;
    const ref = stepRef(e.at, e.offsetMs, t);
    const from = ref - e.rangeMs;
    if (from < lastLo || ref < lastRef) lo = hi = 0;
    lastLo = from;
    lastRef = ref;
    const loBound = leftOpen ? from : from - 1;
    while (lo < m && ts[lo] <= loBound) lo++;
    if (hi < lo) hi = lo;
    while (hi < m && ts[hi] <= ref) hi++;
    present[i] = 0;
    if (lo >= hi) continue;
    let v: number | undefined;
    switch (f) {
      case "rate":
        v = extrapolatedRateAt(ts, vs, lo, hi, from, ref, e.rangeMs, true, true);
        break;
      case "increase":
        v = extrapolatedRateAt(ts, vs, lo, hi, from, ref, e.rangeMs, true, false);
        break;
      case "delta":
        v = extrapolatedRateAt(ts, vs, lo, hi, from, ref, e.rangeMs, false, false);
        break;
      case "irate":
        v = instantValueAt(ts, vs, hi, true, lo);
        break;
      case "idelta":
        v = instantValueAt(ts, vs, hi, false, lo);
        break;
      case "count_over_time":
        v = hi - lo;
        break;
      case "last_over_time":
        v = vs[hi - 1];
        break;
      case "first_over_time":
        v = vs[lo];
        break;
      case "present_over_time":
        v = 1;
        break;
      default: {
        const matrix: Extract<Value, { kind: "matrix" }> = {
          kind: "matrix",
          series: [],
          rangeStart: from,
          rangeEnd: ref,
          rangeMs: e.rangeMs,
        };
        v = slow({ labels: {}, ts: ts.subarray(lo, hi), vs: vs.subarray(lo, hi) }, matrix, t, e.arg);
      }
    }
    if (v === undefined) continue;
    out[i] = v;
    present[i] = 1;
    n++;
  }
  return n;
}
