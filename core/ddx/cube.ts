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

/** Value -> index for one label; more than MAX_VALUES_ANALYSED values keep the largest and pool the rest. */
function indexValues(label: string, input: CubeInput, totals: { window: Float64Array; baseline: Float64Array }) {
  const size = new Map<string, number>();
  const add = (b: Bucketed, t: Float64Array | null) => {
    for (let i = 0; i < b.labels.length; i++) {
      const v = b.labels[i][label] ?? NO_VALUE;
      size.set(v, (size.get(v) ?? 0) + (t ? t[i] / Math.max(1, b.nb) : 0));
    }
  };
  add(input.errors.window, totals.window);
  add(input.errors.baseline, totals.baseline);
  if (input.traffic) {
    add(input.traffic.window, null);
    add(input.traffic.baseline, null);
  }
  let values = [...size.keys()];
  if (values.length > MAX_VALUES_ANALYSED) {
    values = values.sort((a, b) => size.get(b)! - size.get(a)!).slice(0, MAX_VALUES_ANALYSED - 1);
    values.push(POOLED);
  }
  const index = new Map<string, number>();
  values.forEach((v, i) => index.set(v, i));
  const pooled = index.get(POOLED) ?? -1;
  return { values, of: (v: string | undefined) => index.get(v ?? NO_VALUE) ?? pooled };
}

function accumulate(
  b: Bucketed,
  label: string,
  of: (v: string | undefined) => number,
  src: "sums" | "present",
  out: Float64Array,
): Int32Array {
  const idx = new Int32Array(b.labels.length);
  const data = b[src];
  const nb = b.nb;
  for (let i = 0; i < b.labels.length; i++) {
    const k = of(b.labels[i][label]);
    idx[i] = k;
    const o = k * nb;
    const s = i * nb;
    for (let j = 0; j < nb; j++) out[o + j] += data[s + j];
  }
  return idx;
}

export function labelCube(
  label: string,
  input: CubeInput,
  totals: { window: Float64Array; baseline: Float64Array },
): LabelCube {
  const { values, of } = indexValues(label, input, totals);
  const nv = values.length;
  const ew = input.errors.window;
  const eb = input.errors.baseline;
  const side = (nb: number): Side => ({ e: new Float64Array(nv * nb), n: new Float64Array(nv * nb), nb });
  const w = side(ew.nb);
  const b = side(eb.nb);
  const idx = accumulate(ew, label, of, "sums", w.e);
  accumulate(eb, label, of, "sums", b.e);
  const t = input.traffic;
  const trafficUnknown = !t || (!carries(t.window, label) && !carries(t.baseline, label));
  if (t && !trafficUnknown) {
    accumulate(t.window, label, of, "sums", w.n);
    accumulate(t.baseline, label, of, "sums", b.n);
  } else {
    accumulate(ew, label, of, "present", w.n);
    accumulate(eb, label, of, "present", b.n);
  }
  const windowSeries = new Int32Array(nv);
  for (let i = 0; i < idx.length; i++) if (ew.live[i]) windowSeries[idx[i]]++;
  return { label, values, w, b, windowSeries, trafficUnknown: !!t && trafficUnknown };
}

function carries(b: Bucketed, label: string): boolean {
  for (const l of b.labels) if (l[label] !== undefined) return true;
  return false;
}
