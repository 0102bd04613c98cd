// Per label: every value's errors (the signal) and traffic (the ratio's denominator, or the number of series when
// there is none) summed per bucket, in the window and in the baseline. One pass over the series per label.
import type { Bucketed } from "./buckets";
import { NO_VALUE } from "./types";

/** Values analysed one by one per label; the smallest of the rest are pooled (bounds memory on id-like labels). */
export const MAX_VALUES_ANALYSED = 1000;
export const POOLED = "<other values>";

export interface Side {
  /** Value-major: `e[v * nb + j]` errors of value v in bucket j; `n` its traffic. */
  e: Float64Array;
  n: Float64Array;
  nb: number;
}

export interface LabelCube {
  label: string;
  values: string[];
  w: Side;
  b: Side;
  /** Error series in the window carrying each value. */
  windowSeries: Int32Array;
  /** The traffic has no such label: its values' traffic is their number of series instead. */
  trafficUnknown: boolean;
}

export interface CubeInput {
  errors: { window: Bucketed; baseline: Bucketed };
  traffic?: { window: Bucketed; baseline: Bucketed };
}

/** Totals per bucket of the whole scope. */
export interface Totals {
  w: Side;
  b: Side;
}

function sumInto(src: Float64Array, nb: number, rows: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const off = i * nb;
    for (let j = 0; j < nb; j++) out[j] += src[off + j];
  }
}

export function totalsOf(input: CubeInput, useTraffic: boolean): Totals {
  const side = (e: Bucketed, t: Bucketed | undefined): Side => {
    const out: Side = { e: new Float64Array(e.nb), n: new Float64Array(e.nb), nb: e.nb };
    sumInto(e.sums, e.nb, e.labels.length, out.e);
    if (useTraffic && t) sumInto(t.sums, t.nb, t.labels.length, out.n);
    else sumInto(e.present, e.nb, e.labels.length, out.n);
    return out;
  };
  return {
    w: side(input.errors.window, input.traffic?.window),
    b: side(input.errors.baseline, input.traffic?.baseline),
  };
}

/** Every label key on any series (errors and traffic), minus __name__, filtered by include/exclude. */
export function labelKeysOf(input: CubeInput, include?: string[], exclude?: string[]): string[] {
  const keys = new Set<string>();
  const sides = [input.errors.window, input.errors.baseline, input.traffic?.window, input.traffic?.baseline];
  for (const s of sides) if (s) for (const l of s.labels) for (const k in l) keys.add(k);
  keys.delete("__name__");
  let out = [...keys];
  if (include?.length) out = out.filter((k) => include.includes(k));
  if (exclude?.length) out = out.filter((k) => !exclude.includes(k));
  return out.sort();
}

function rowTotals(b: Bucketed): Float64Array {
  const out = new Float64Array(b.labels.length);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let j = 0; j < b.nb; j++) s += b.sums[i * b.nb + j];
    out[i] = s;
  }
  return out;
}

/** Per-series totals of the error grids, computed once and reused by every label's pooling decision. */
export function errorTotals(input: CubeInput): { window: Float64Array; baseline: Float64Array } {
  return { window: rowTotals(input.errors.window), baseline: rowTotals(input.errors.baseline) };
}

/** Value -> index for one label, and each series' index on every side (errors window and baseline, then traffic
 * window and baseline when given). More than MAX_VALUES_ANALYSED values keep the largest and pool the rest. One map
 * lookup per series per side: the accumulation below then reads the indexes. */
export function indexValues(
  label: string,
  sides: Bucketed[],
  totals: { window: Float64Array; baseline: Float64Array },
): { values: string[]; idx: Int32Array[] } {
  const ids = new Map<string, number>();
  const values: string[] = [];
  const size: number[] = [];
  const idx = sides.map((b, k) => {
    // Only the error sides weigh a value's size (per bucket); traffic only adds values.
    const t = k === 0 ? totals.window : k === 1 ? totals.baseline : null;
    const out = new Int32Array(b.labels.length);
    for (let i = 0; i < b.labels.length; i++) {
      const v = b.labels[i][label] ?? NO_VALUE;
      let id = ids.get(v);
      if (id === undefined) {
        id = values.length;
        ids.set(v, id);
        values.push(v);
        size.push(0);
      }
      size[id] += t ? t[i] / Math.max(1, b.nb) : 0;
      out[i] = id;
    }
    return out;
  });
  if (values.length <= MAX_VALUES_ANALYSED) return { values, idx };
  return pool(values, size, idx);
}

/** Keeps the MAX_VALUES_ANALYSED - 1 largest values (ties in first-seen order) and maps the rest to POOLED. */
function pool(values: string[], size: number[], idx: Int32Array[]): { values: string[]; idx: Int32Array[] } {
  const keep = values.map((_, i) => i).sort((a, b) => size[b] - size[a]);
  const pooled = MAX_VALUES_ANALYSED - 1;
  const remap = new Int32Array(values.length).fill(pooled);
  const kept: string[] = [];
  for (let r = 0; r < pooled; r++) {
    // A series whose value is literally POOLED joins the pooled row (the name is taken).
    if (values[keep[r]] !== POOLED) remap[keep[r]] = r;
    kept.push(values[keep[r]]);
  }
  kept.push(POOLED);
  for (const a of idx) for (let i = 0; i < a.length; i++) a[i] = remap[a[i]];
  return { values: kept, idx };
}

/** Adds each series' buckets into its value's row (value-major, like Side). */
function accumulate(data: Float64Array, nb: number, idx: Int32Array, out: Float64Array): void {
  for (let i = 0; i < idx.length; i++) {
    const o = idx[i] * nb;
    const s = i * nb;
    for (let j = 0; j < nb; j++) out[o + j] += data[s + j];
  }
}

export function labelCube(
  label: string,
  input: CubeInput,
  totals: { window: Float64Array; baseline: Float64Array },
): LabelCube {
  const ew = input.errors.window;
  const eb = input.errors.baseline;
  const t = input.traffic;
  const { values, idx } = indexValues(label, t ? [ew, eb, t.window, t.baseline] : [ew, eb], totals);
  const nv = values.length;
  const side = (nb: number): Side => ({ e: new Float64Array(nv * nb), n: new Float64Array(nv * nb), nb });
  const w = side(ew.nb);
  const b = side(eb.nb);
  accumulate(ew.sums, ew.nb, idx[0], w.e);
  accumulate(eb.sums, eb.nb, idx[1], b.e);
  const trafficUnknown = !t || (!carries(t.window, label) && !carries(t.baseline, label));
  if (t && !trafficUnknown) {
    accumulate(t.window.sums, t.window.nb, idx[2], w.n);
    accumulate(t.baseline.sums, t.baseline.nb, idx[3], b.n);
  } else {
    accumulate(ew.present, ew.nb, idx[0], w.n);
    accumulate(eb.present, eb.nb, idx[1], b.n);
  }
  const windowSeries = new Int32Array(nv);
  for (let i = 0; i < idx[0].length; i++) if (ew.live[i]) windowSeries[idx[0][i]]++;
  return { label, values, w, b, windowSeries, trafficUnknown: !!t && trafficUnknown };
}

function carries(b: Bucketed, label: string): boolean {
  for (const l of b.labels) if (l[label] !== undefined) return true;
  return false;
}
