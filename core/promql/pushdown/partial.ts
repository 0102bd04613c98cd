// What a shard answers for a fragment: per-series step values (no aggregation) or per-group partial
// aggregation states, as typed arrays so the RPC copy is a few large buffers. `keys` are the raw label sort
// keys (compareLabels order) of the series a partial refers to: merging in that order reproduces the
// unsharded evaluator's input order, which decides topk ties and first-appearance output order.
import type { Labels } from "../types";
import type { ShardNotes } from "./notes";

export interface SeriesPartial {
  kind: "series";
  steps: number;
  /** Output labels, raw sort key, and the step values/presence of each series with any output. */
  labels: Labels[];
  keys: string[];
  values: Float64Array[];
  present: Uint8Array[];
  /** What the shard saw for annotations. */
  notes?: ShardNotes;
}

export interface AggGroup {
  labels: Labels;
  /** Index into `keys` of the first series (in input order) that contributed at any step. */
  first: number;
  /** Contributing series per step (0: the group is absent at that step). */
  count: Uint32Array;
  /** sum, min, max; avg's running mean; stddev/stdvar's mean. */
  value?: Float64Array;
  /** stddev/stdvar: sum of squared deviations; `nonFinite` marks steps that saw NaN or ±Inf. */
  m2?: Float64Array;
  nonFinite?: Uint8Array;
  /** order: index into `keys` of the first contributing series at each step (-1 where absent). */
  firstAt?: Int32Array;
  /** quantile: the input values of each step, step i at values[offsets[i] .. offsets[i+1]). */
  quantile?: { offsets: Uint32Array; values: Float64Array };
  /** topk/bottomk: up to k candidates per step, best first: series index into `keys`/`series`, or -1. */
  top?: { k: number; idx: Int32Array; v: Float64Array };
}

export interface AggPartial {
  kind: "agg";
  steps: number;
  keys: string[];
  /** topk/bottomk: the output labels of each series in `keys` (the candidates keep their own labels). */
  series?: Labels[];
  groups: AggGroup[];
  notes?: ShardNotes;
}

/** A fragment with a `part`: `STATE_WIDTH` numbers per series and step at state[(series * steps + step) * STATE_WIDTH].
 * Without `ids`, `labels` are each series' labels (its raw sort key, its identity in every partition, follows from
 * them). With `ids` (a `by` aggregation) `labels` are the distinct groupings, `group` indexes them, `ids` holds
 * two hashes of each series' sort key (its identity), and `keys` the sort key or "" where it cannot decide any
 * order (across.ts). */
export interface StatePartial {
  kind: "state";
  steps: number;
  labels: Labels[];
  keys: string[];
  group?: Uint32Array;
  ids?: Float64Array;
  state: Float64Array;
  notes?: ShardNotes;
}

export type Partial = SeriesPartial | AggPartial | StatePartial;

const OBJECT_BYTES = 64;

function stringBytes(s: string): number {
  return 2 * s.length + 16;
}

export function labelsBytes(l: Labels): number {
  let n = OBJECT_BYTES;
  for (const k in l) n += stringBytes(k) + stringBytes(l[k]);
  return n;
}

/** Bytes a partial occupies once received (typed arrays exactly, objects and strings estimated). */
export function partialBytes(p: Partial): number {
  let n = OBJECT_BYTES;
  for (const k of p.keys) n += stringBytes(k);
  if (p.kind === "state") {
    for (const l of p.labels) n += labelsBytes(l);
    return n + p.state.byteLength + (p.group?.byteLength ?? 0) + (p.ids?.byteLength ?? 0);
  }
  if (p.kind === "series") {
    for (let i = 0; i < p.labels.length; i++)
      n += labelsBytes(p.labels[i]) + p.values[i].byteLength + p.present[i].byteLength + 2 * OBJECT_BYTES;
    return n;
  }
  for (const l of p.series ?? []) n += labelsBytes(l);
  for (const g of p.groups) {
    n += labelsBytes(g.labels) + OBJECT_BYTES + g.count.byteLength;
    n += (g.value?.byteLength ?? 0) + (g.m2?.byteLength ?? 0) + (g.nonFinite?.byteLength ?? 0);
    n += g.firstAt?.byteLength ?? 0;
    if (g.quantile) n += g.quantile.offsets.byteLength + g.quantile.values.byteLength;
    if (g.top) n += g.top.idx.byteLength + g.top.v.byteLength;
  }
  return n;
}
