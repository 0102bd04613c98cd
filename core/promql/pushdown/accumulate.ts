// The shard side of a fragment: series arrive one at a time in label order, their step values are either
// kept (no aggregation) or folded into per-group partial states with the same arithmetic as aggregate.ts.
import { formatGoFloat } from "../format-float";
import { labelsKey } from "../labels";
import type { Labels } from "../types";
import { type AggGroup, type AggPartial, labelsBytes, type Partial, type SeriesPartial } from "./partial";
import type { AggSpec } from "./spec";

/** aggregate.ts' grouping: `by` keeps the named non-empty labels, `without` drops them and the name. */
export function groupLabels(l: Labels, grouping: string[], without: boolean): Labels {
  const out: Labels = {};
  if (without) {
    for (const [k, v] of Object.entries(l)) if (k !== "__name__" && !grouping.includes(k)) out[k] = v;
  } else {
    for (const k of grouping) if (l[k] !== undefined && l[k] !== "") out[k] = l[k];
  }
  return out;
}

/** topk/bottomk order: NaN always loses (aggregate.ts). */
export function better(op: "topk" | "bottomk", a: number, b: number): boolean {
  if (Number.isNaN(b)) return !Number.isNaN(a);
  if (Number.isNaN(a)) return false;
  return op === "topk" ? a > b : a < b;
}

const isInf = (v: number) => v === Infinity || v === -Infinity;

interface Building extends AggGroup {
  qSteps?: number[];
  qVals?: number[];
  topLen?: Uint32Array;
}

export class FragmentAccumulator {
  private readonly keys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly series: Labels[] = [];
  private readonly groups = new Map<string, Building>();
  private readonly list: Building[] = [];
  private readonly rows: SeriesPartial = { kind: "series", steps: 0, labels: [], keys: [], values: [], present: [] };
  private used = 0;
  private readonly k: number;

  constructor(
    private readonly agg: AggSpec | undefined,
    private readonly steps: number,
    private readonly order: boolean,
    /** Series that can arrive at most: topk never keeps more candidates than that. */
    maxSeries: number,
  ) {
    this.rows.steps = steps;
    this.k =
      agg && (agg.op === "topk" || agg.op === "bottomk")
        ? Math.max(0, Math.min(maxSeries, Math.trunc(agg.param as number)))
        : 0;
  }

  /** Bytes held so far (the partial that will be answered, and the working state behind it). */
  get bytes(): number {
    return this.used;
  }

  get groupCount(): number {
    return this.agg ? this.list.length : this.rows.labels.length;
  }

  private keyOf(key: string, out?: Labels): number {
    let i = this.keyIndex.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.keyIndex.set(key, i);
      if (out) this.series.push(out);
      this.used += 2 * key.length + 16 + (out ? labelsBytes(out) : 0);
    }
    return i;
  }

  /** One series (in input order): `key` is its raw sort key, `out` its output labels. */
  add(key: string, out: Labels, values: Float64Array, present: Uint8Array, n: number): void {
    if (n === 0) return;
    const steps = this.steps;
    if (!this.agg) {
      this.rows.labels.push(out);
      this.rows.keys.push(key);
      this.rows.values.push(values.slice(0, steps));
      this.rows.present.push(present.slice(0, steps));
      this.used += labelsBytes(out) + 2 * key.length + 9 * steps + 160;
      return;
    }
    const op = this.agg.op;
    if (op === "count_values") return this.addCountValues(key, out, values, present);
    // topk candidates register with their labels first, so `series` stays aligned with `keys`.
    const ref = op === "topk" || op === "bottomk" ? this.keyOf(key, out) : -1;
    const g = this.group(groupLabels(out, this.agg.grouping, this.agg.without), key);
    for (let i = 0; i < steps; i++) {
      if (!present[i]) continue;
      this.fold(g, i, values[i], key, ref);
    }
  }

  private group(gl: Labels, key: string): Building {
    const gk = labelsKey(gl);
    let g = this.groups.get(gk);
    if (g) return g;
    const steps = this.steps;
    const op = this.agg!.op;
    g = { labels: gl, first: this.keyOf(key), count: new Uint32Array(steps) };
    let bytes = labelsBytes(gl) + 4 * steps + 64;
    if (op === "sum" || op === "min" || op === "max" || op === "avg" || op === "stddev" || op === "stdvar") {
      g.value = new Float64Array(steps);
      bytes += 8 * steps;
    }
    if (op === "stddev" || op === "stdvar") {
      g.m2 = new Float64Array(steps);
      g.nonFinite = new Uint8Array(steps);
      bytes += 9 * steps;
    }
    if (op === "quantile") {
      g.qSteps = [];
      g.qVals = [];
    }
    if (this.k > 0) {
      g.top = { k: this.k, idx: new Int32Array(steps * this.k).fill(-1), v: new Float64Array(steps * this.k) };
      g.topLen = new Uint32Array(steps);
      bytes += 12 * steps * this.k + 4 * steps;
    }
    if (this.order) {
      g.firstAt = new Int32Array(steps).fill(-1);
      bytes += 4 * steps;
    }
    this.used += bytes;
    this.groups.set(gk, g);
    this.list.push(g);
    return g;
  }

  private fold(g: Building, i: number, v: number, key: string, ref: number): void {
    const c = ++g.count[i];
    if (g.firstAt && c === 1) g.firstAt[i] = this.keyOf(key);
    switch (this.agg!.op) {
      case "sum":
        if (c === 1) g.value![i] = v;
        else g.value![i] += v;
        return;
      case "min":
        if (c === 1 || g.value![i] > v || Number.isNaN(g.value![i])) g.value![i] = v;
        return;
      case "max":
        if (c === 1 || g.value![i] < v || Number.isNaN(g.value![i])) g.value![i] = v;
        return;
      case "avg": {
        if (c === 1) {
          g.value![i] = v;
          return;
        }
        const mean = g.value![i];
        if (isInf(mean)) {
          if (isInf(v) && mean > 0 === v > 0) return;
          if (Number.isFinite(v)) return;
        }
        g.value![i] = mean + (v / c - mean / c);
        return;
      }
      case "stddev":
      case "stdvar": {
        if (!Number.isFinite(v)) g.nonFinite![i] = 1;
        if (c === 1) {
          g.value![i] = v;
          g.m2![i] = 0;
          return;
        }
        const delta = v - g.value![i];
        g.value![i] += delta / c;
        g.m2![i] += delta * (v - g.value![i]);
        return;
      }
      case "quantile":
        g.qSteps!.push(i);
        g.qVals!.push(v);
        this.used += 16;
        return;
      case "topk":
      case "bottomk":
        return this.offer(g, i, v, ref);
    }
  }

  /** Keep the k best of step i, best first; on a tie the earlier series stays ahead (as aggregate.ts). */
  private offer(g: Building, i: number, v: number, ref: number): void {
    const op = this.agg!.op as "topk" | "bottomk";
    const k = this.k;
    const top = g.top!;
    const len = g.topLen![i];
    const base = i * k;
    let p = 0;
    while (p < len && !better(op, v, top.v[base + p])) p++;
    if (p >= k) return;
    const last = len < k ? len : k - 1;
    for (let j = last; j > p; j--) {
      top.v[base + j] = top.v[base + j - 1];
      top.idx[base + j] = top.idx[base + j - 1];
    }
    top.v[base + p] = v;
    top.idx[base + p] = ref;
    if (len < k) g.topLen![i] = len + 1;
  }

  private addCountValues(key: string, out: Labels, values: Float64Array, present: Uint8Array): void {
    const label = this.agg!.param as string;
    const grouping = this.agg!.without ? this.agg!.grouping : [...this.agg!.grouping, label];
    for (let i = 0; i < this.steps; i++) {
      if (!present[i]) continue;
      const gl = groupLabels({ ...out, [label]: formatGoFloat(values[i]) }, grouping, this.agg!.without);
      const g = this.group(gl, key);
      const c = ++g.count[i];
      if (g.firstAt && c === 1) g.firstAt[i] = this.keyOf(key);
    }
  }

  result(): Partial {
    if (!this.agg) return { ...this.rows, keys: this.rows.keys };
    const groups: AggGroup[] = this.list.map((b) => {
      const { qSteps, qVals, topLen: _len, ...g } = b;
      if (qSteps && qVals) g.quantile = csr(this.steps, qSteps, qVals);
      return g;
    });
    const out: AggPartial = { kind: "agg", steps: this.steps, keys: this.keys, groups };
    if (this.k > 0) out.series = this.series;
    return out;
  }
}

/** Values grouped by step (stable: within a step, input order). */
function csr(steps: number, at: number[], vals: number[]): { offsets: Uint32Array; values: Float64Array } {
  const offsets = new Uint32Array(steps + 1);
  for (const i of at) offsets[i + 1]++;
  for (let i = 0; i < steps; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, steps);
  const values = new Float64Array(vals.length);
  for (let j = 0; j < at.length; j++) values[fill[at[j]]++] = vals[j];
  return { offsets, values };
}
