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

/** A copy of `col` on `nb` buckets (a traffic grid bucketed differently keeps only the buckets both have). */
function columns(col: Float64Array, nb: number): Float64Array {
  const out = new Float64Array(nb);
  out.set(col.length > nb ? col.subarray(0, nb) : col);
  return out;
}

export function totalsOf(input: CubeInput, useTraffic: boolean): Totals {
  const side = (e: Bucketed, t: Bucketed | undefined): Side => ({
    e: columns(e.colSums, e.nb),
    n: columns(useTraffic && t ? t.colSums : e.colPresent, e.nb),
    nb: e.nb,
  });
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

/** Per-series totals of the error grids, computed once and reused by every label's pooling decision. */
export function errorTotals(input: CubeInput): { window: Float64Array; baseline: Float64Array } {
  return { window: input.errors.window.rowSums, baseline: input.errors.baseline.rowSums };
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

/** Cells (values x buckets, both sides, errors and traffic) of the cubes filled in one pass over the series; the
 * labels beyond it wait for another pass. Bounds memory when many labels have many values. */
export const CUBE_CELLS_PER_PASS = 1 << 20;

/** A cube being filled: each series' value index per side (as in indexValues). */
interface Pending {
  cube: LabelCube;
  idx: Int32Array[];
  /** Its traffic (`n`) comes from the traffic grids, not from the error series' presence. */
  fromTraffic: boolean;
}

/** Every label's cube, in order. The series' buckets are recomputed once per pass and added into every cube of the
 * pass: the series-major sums are never held whole. */
export function* labelCubes(
  labels: string[],
  input: CubeInput,
  totals: { window: Float64Array; baseline: Float64Array },
  cellsPerPass = CUBE_CELLS_PER_PASS,
): Generator<LabelCube> {
  let pass: Pending[] = [];
  let cells = 0;
  for (const label of labels) {
    const p = pending(label, input, totals);
    const size = p.cube.values.length * (p.cube.w.nb + p.cube.b.nb) * 2;
    if (pass.length && cells + size > cellsPerPass) {
      fill(pass, input);
      for (const q of pass) yield q.cube;
      pass = [];
      cells = 0;
    }
    pass.push(p);
    cells += size;
  }
  fill(pass, input);
  for (const q of pass) yield q.cube;
}

function pending(label: string, input: CubeInput, totals: { window: Float64Array; baseline: Float64Array }): Pending {
  const ew = input.errors.window;
  const eb = input.errors.baseline;
  const t = input.traffic;
  const { values, idx } = indexValues(label, t ? [ew, eb, t.window, t.baseline] : [ew, eb], totals);
  const nv = values.length;
  const side = (nb: number): Side => ({ e: new Float64Array(nv * nb), n: new Float64Array(nv * nb), nb });
  const trafficUnknown = !t || (!carries(t.window, label) && !carries(t.baseline, label));
  const windowSeries = new Int32Array(nv);
  for (let i = 0; i < idx[0].length; i++) if (ew.live[i]) windowSeries[idx[0][i]]++;
  return {
    cube: { label, values, w: side(ew.nb), b: side(eb.nb), windowSeries, trafficUnknown: !!t && trafficUnknown },
    idx,
    fromTraffic: !!t && !trafficUnknown,
  };
}

/** Adds every series' buckets into its value's row of each cube (value-major, like Side), side by side. Each cell
 * gets its series in series order, as a sum over the series-major grid would. */
function fill(pass: Pending[], input: CubeInput): void {
  const { errors, traffic } = input;
  const own = (p: Pending, n: Float64Array) => (p.fromTraffic ? null : n);
  addSide(
    errors.window,
    pass.map((p) => ({ idx: p.idx[0], sums: p.cube.w.e, present: own(p, p.cube.w.n) })),
  );
  addSide(
    errors.baseline,
    pass.map((p) => ({ idx: p.idx[1], sums: p.cube.b.e, present: own(p, p.cube.b.n) })),
  );
  const viaTraffic = pass.filter((p) => p.fromTraffic);
  if (traffic && viaTraffic.length) {
    addSide(
      traffic.window,
      viaTraffic.map((p) => ({ idx: p.idx[2], sums: p.cube.w.n, present: null })),
    );
    addSide(
      traffic.baseline,
      viaTraffic.map((p) => ({ idx: p.idx[3], sums: p.cube.b.n, present: null })),
    );
  }
}

/** Where one side's series go in one cube: their sums, and their presence unless the traffic is known. */
interface Target {
  idx: Int32Array;
  sums: Float64Array;
  present: Float64Array | null;
}

function addSide(b: Bucketed, targets: Target[]): void {
  const nb = b.nb;
  const { cells, complete } = b;
  // A side where every series was present at every step keeps no presence: each row's is `full`.
  const presence = b.presence;
  // Whole-number presence sums exactly in any order: a series present at every step (the usual case) only counts
  // one more for its value, settled once at the end, instead of adding nb figures.
  const whole = targets.map((t) => (t.present && b.wholePresence ? new Float64Array(t.sums.length / nb) : null));
  // Hoisted out of the objects: this loop runs once per DDx over every series, mostly before it is optimized.
  const idx = targets.map((t) => t.idx);
  const toSums = targets.map((t) => t.sums);
  const toPresent = targets.map((t) => t.present);
  for (let i = 0; i < b.labels.length; i++) {
    const off = i * nb;
    const done = complete[i] === 1;
    for (let k = 0; k < idx.length; k++) {
      const v = idx[k][i];
      const np = toPresent[k];
      const counts = whole[k];
      if (np === null) addRow(cells, off, nb, v * nb, toSums[k]);
      else if (counts !== null && done) {
        counts[v]++;
        addRow(cells, off, nb, v * nb, toSums[k]);
      } else if (presence === null) addRows(cells, b.full, off, 0, nb, v * nb, toSums[k], np);
      else addRows(cells, presence, off, off, nb, v * nb, toSums[k], np);
    }
  }
  for (let k = 0; k < targets.length; k++) {
    const counts = whole[k];
    const out = toPresent[k];
    if (counts && out)
      for (let v = 0; v < counts.length; v++)
        if (counts[v]) for (let j = 0; j < nb; j++) out[v * nb + j] += counts[v] * b.full[j];
  }
}

function addRow(cells: Float64Array, from: number, nb: number, off: number, out: Float64Array): void {
  for (let j = 0; j < nb; j++) out[off + j] += cells[from + j];
}

/** Both rows in one loop: the hottest loop of a metric DDx (labels x series x buckets). */
function addRows(
  cells: Float64Array,
  present: Float64Array,
  from: number,
  fromPresent: number,
  nb: number,
  off: number,
  toSums: Float64Array,
  toPresent: Float64Array,
): void {
  for (let j = 0; j < nb; j++) {
    toSums[off + j] += cells[from + j];
    toPresent[off + j] += present[fromPresent + j];
  }
}

function carries(b: Bucketed, label: string): boolean {
  for (const l of b.labels) if (l[label] !== undefined) return true;
  return false;
}
