// Fragments whose windows no storage partition holds whole. Each partition's shards answer, per series, the
// partial window states of the samples inside the partition's own span (`Fragment.part`, so a copy of the
// previous partition's tail is never counted twice); the Worker merges each series' states in time order,
// finishes the range function, applies the rest of the per-series expression and folds the series into the
// fragment's aggregation with the shards' own accumulator, so the node's value is what one shard holding every
// series would have answered.
import { labelsKey } from "../labels";
import { isStaleNaN } from "../stale";
import type { Labels } from "../types";
import { FragmentAccumulator } from "./accumulate";
import { FragmentBudgetError, labelSortKey, mib, type ShardSeries } from "./evaluate";
import { type Precomputed, mergePartials } from "./merge";
import { mergeNotes, NotesCollector } from "./notes";
import { labelsBytes, partialBytes, type StatePartial } from "./partial";
import type { PlannedFragment } from "./plan";
import { outerSteps, outputLabels } from "./series-steps";
import { type Fragment, gridSteps, leafOf } from "./spec";
import { DECOMPOSABLE, finishState, mergeState, STATE_WIDTH, stateOf } from "./window-state";

type RangeLeaf = Extract<Fragment["expr"], { k: "range" }>;

/** Whether a fragment can be evaluated as partial window states merged across partitions. */
export function decomposable(f: Fragment): boolean {
  const leaf = leafOf(f.expr);
  return leaf.k === "range" && DECOMPOSABLE.has(leaf.f);
}

/** The fragments of a query whose window storage refused whole that can still run as merged partial states. */
export function acrossPlanned(planned: PlannedFragment[]): PlannedFragment[] {
  return planned.filter((p) => decomposable(p.fragment)).map((p) => ({ ...p, across: true }));
}

/** A `by` aggregation needs only each series' grouping, identity and, for some, the sort key (topk/bottomk
 * answer whole series). */
function grouped(f: Fragment): boolean {
  const a = f.agg;
  return a !== undefined && !a.without && a.op !== "topk" && a.op !== "bottomk";
}

const ARITH = new Set(["+", "-", "*", "/", "%", "^", "atan2"]);

/** Whether every step where the range function has a value keeps one through the rest of the expression (a
 * comparison without `bool` filters). */
function keepsPresence(e: Fragment["expr"]): boolean {
  if (e.k === "sel" || e.k === "range") return true;
  if (e.k === "scalar" && !e.bool && !ARITH.has(e.op)) return false;
  return keepsPresence(e.x);
}

/** cyrb53, a 53-bit string hash: two seeds make a series' identity across partitions. */
function hash53(str: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const PAIR_FUNCTIONS = new Set(["rate", "increase", "delta", "irate", "idelta"]);

/** A shard's groupings of a `by` aggregation. A series' sort key decides order only if it can be its group's
 * first series with a value at some step; it cannot when, at every step it has state at, a series of its group
 * before it in key order surely has a value (this part alone gives it one). Only the other keys are sent. */
class Groupings {
  readonly labels: Labels[] = [];
  private readonly byKey = new Map<string, { index: number; covered: Uint8Array }>();
  private readonly keep: boolean;
  private readonly minSamples: number;

  constructor(
    private readonly f: Fragment,
    private readonly steps: number,
  ) {
    this.keep = keepsPresence(f.expr);
    this.minSamples = PAIR_FUNCTIONS.has((leafOf(f.expr) as RangeLeaf).f) ? 2 : 1;
  }

  /** The group index of a series (in key order) and whether its key must be sent. */
  add(l: Labels, st: Float64Array): { index: number; keyed: boolean } {
    const gl: Labels = {};
    for (const k of this.f.agg!.grouping) if (l[k] !== undefined) gl[k] = l[k];
    const gk = labelsKey(gl);
    let g = this.byKey.get(gk);
    if (!g) {
      g = { index: this.labels.length, covered: new Uint8Array(this.steps) };
      this.byKey.set(gk, g);
      this.labels.push(gl);
    }
    let keyed = !this.keep;
    for (let i = 0; i < this.steps && !keyed; i++) if (st[i * STATE_WIDTH] > 0 && !g.covered[i]) keyed = true;
    if (this.keep) for (let i = 0; i < this.steps; i++) if (st[i * STATE_WIDTH] >= this.minSamples) g.covered[i] = 1;
    return { index: g.index, keyed };
  }
}

/** Each step's window (from, ref]: the same bounds series-steps.ts' rangeSteps reads. */
function windowOf(leaf: RangeLeaf, f: Fragment, i: number): { from: number; ref: number } {
  const ref = (leaf.at ?? f.grid.start + i * f.grid.step) - leaf.offsetMs;
  return { from: ref - leaf.rangeMs, ref };
}

/** A shard's states for a fragment with a `part`; `series` in label order (labelSortKey ascending). */
export async function evaluateStates(
  f: Fragment,
  series: Iterable<ShardSeries | Promise<unknown>>,
  /** `yieldEvery`: as evaluateFragment, yield to the event loop after that much work (samples read). */
  opts: { maxBytes: number; describe: () => string; yieldEvery?: number },
): Promise<{ partial: StatePartial; series: number; samples: number }> {
  const leaf = leafOf(f.expr) as RangeLeaf;
  const part = f.part!;
  const steps = gridSteps(f.grid);
  const width = steps * STATE_WIDTH;
  const keys: string[] = [];
  const labels: Labels[] = [];
  const groups = grouped(f) ? new Groupings(f, steps) : null;
  const group: number[] = [];
  const ids: number[] = [];
  const states: Float64Array[] = [];
  const notes = new NotesCollector(f.expr, f.grid, f.leftOpen);
  let ts = new Float64Array(256);
  let vs = new Float64Array(256);
  let bytes = 0;
  let count = 0;
  let samples = 0;
  let work = 0;
  for (const s of series) {
    if (s instanceof Promise) {
      await s;
      continue;
    }
    if (opts.yieldEvery !== undefined && work >= opts.yieldEvery) {
      work = 0;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    count++;
    samples += s.n;
    // Windows reading their samples again at each step (sum/min/max_over_time, changes, resets) cost more.
    work += s.n * (steps > 1 ? Math.min(steps, 16) : 1) + steps;
    if (ts.length < s.n) [ts, vs] = [new Float64Array(s.n), new Float64Array(s.n)];
    // Live samples of the partition's own span only (range functions never see stale markers).
    let m = 0;
    for (let i = 0; i < s.n; i++) {
      const t = s.ts[i];
      const v = s.vs[i];
      if (t < part.start || t > part.end || (v !== v && isStaleNaN(v))) continue;
      ts[m] = t;
      vs[m++] = v;
    }
    if (m === 0) continue;
    notes.add(s.labels, { ts: ts.subarray(0, m), vs: vs.subarray(0, m), n: m });
    const st = new Float64Array(width);
    let any = false;
    let lo = 0;
    let hi = 0;
    let last = { from: Infinity, ref: Infinity };
    for (let i = 0; i < steps; i++) {
      const w = windowOf(leaf, f, i);
      if (w.from < last.from || w.ref < last.ref) lo = hi = 0;
      last = w;
      const loBound = f.leftOpen ? w.from : w.from - 1;
      while (lo < m && ts[lo] <= loBound) lo++;
      if (hi < lo) hi = lo;
      while (hi < m && ts[hi] <= w.ref) hi++;
      if (lo >= hi) continue;
      stateOf(leaf.f, ts, vs, lo, hi, st, i * STATE_WIDTH);
      any = true;
    }
    if (!any) continue;
    states.push(st);
    bytes += st.byteLength;
    if (groups) {
      const key = labelSortKey(s.labels);
      const before = groups.labels.length;
      const g = groups.add(s.labels, st);
      group.push(g.index);
      ids.push(hash53(key, 0), hash53(key, 1));
      keys.push(g.keyed ? key : "");
      bytes += 36 + (g.keyed ? 2 * key.length : 0);
      if (groups.labels.length > before) bytes += labelsBytes(groups.labels[before]);
    } else {
      labels.push(s.labels);
      bytes += labelsBytes(s.labels);
    }
    if (bytes > opts.maxBytes)
      throw new FragmentBudgetError(
        `${opts.describe()} needs more than ${mib(opts.maxBytes)} of partial window states in one shard (${states.length.toLocaleString("en-US")} series × ${steps.toLocaleString("en-US")} steps): narrow the selector's matchers or shorten the range${steps > 1 ? " or raise the step" : ""}`,
      );
  }
  const state = new Float64Array(states.length * width);
  states.forEach((st, i) => state.set(st, i * width));
  const partial: StatePartial = groups
    ? {
        kind: "state",
        steps,
        labels: groups.labels,
        keys,
        group: Uint32Array.from(group),
        ids: Float64Array.from(ids),
        state,
      }
    : { kind: "state", steps, labels, keys: [], state };
  const seen = notes.result();
  if (seen) partial.notes = seen;
  return { partial, series: count, samples };
}

interface Entry {
  /** The sort key, or "" when no shard sent it. */
  key: string;
  id1: number;
  id2: number;
  labels: Labels;
  st: Float64Array;
}

/** The fragment's value from every partition's states, `partitions` oldest first (each its shards' answers).
 * `maxBytes` bounds what the Worker holds for it; past it a FragmentBudgetError says what to narrow. */
export function mergeAcross(f: Fragment, partitions: StatePartial[][], maxBytes: number): Precomputed {
  const leaf = leafOf(f.expr) as RangeLeaf;
  const steps = gridSteps(f.grid);
  const width = steps * STATE_WIDTH;
  const over = (what: string) =>
    new FragmentBudgetError(
      `${leaf.f}(...[${leaf.rangeMs / 1000}s]) across storage partitions needs more than ${mib(maxBytes)} in the Worker (${what}): ${f.agg ? "aggregate by fewer labels, " : "aggregate the result, "}narrow the selector's matchers or shorten the range${steps > 1 ? " or raise the step" : ""}`,
    );
  let received = 0;
  let rows = 0;
  for (const p of partitions.flat()) {
    received += partialBytes(p);
    rows += p.state.length / width;
  }
  if (received > maxBytes) throw over(`${rows.toLocaleString("en-US")} series states`);
  const byId = new Map<number | string, Entry>();
  for (const shards of partitions)
    for (const p of shards) {
      const count = p.state.length / width;
      for (let i = 0; i < count; i++) {
        const off = i * width;
        const labels = p.group ? p.labels[p.group[i]] : p.labels[i];
        const key = p.ids ? p.keys[i] : labelSortKey(labels);
        let id: number | string = p.ids ? p.ids[2 * i] : key;
        const id2 = p.ids ? p.ids[2 * i + 1] : 0;
        let into = byId.get(id);
        // Two series whose first hashes agree: the second is filed under both.
        if (into && into.id2 !== id2) into = byId.get((id = `${id},${id2}`));
        if (!into) {
          byId.set(id, { key, id1: p.ids ? p.ids[2 * i] : 0, id2, labels, st: p.state.slice(off, off + width) });
          continue;
        }
        if (!into.key) into.key = key;
        for (let s = 0; s < steps; s++) mergeState(leaf.f, into.st, s * STATE_WIDTH, p.state, off + s * STATE_WIDTH);
      }
    }
  // Series whose key no shard sent are never first in their group: after every keyed one, in identity order.
  const entries = [...byId.values()].sort((a, b) => {
    if (a.key && b.key) return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    if (a.key || b.key) return a.key ? -1 : 1;
    return a.id1 - b.id1 || a.id2 - b.id2;
  });
  const acc = new FragmentAccumulator(f.agg, steps, f.order, entries.length);
  const values = new Float64Array(steps);
  const present = new Uint8Array(steps);
  for (const { key, id1, id2, labels, st } of entries) {
    let n = 0;
    for (let i = 0; i < steps; i++) {
      const w = windowOf(leaf, f, i);
      const v = finishState(leaf.f, st, i * STATE_WIDTH, w.from, w.ref, leaf.rangeMs);
      present[i] = v === undefined ? 0 : 1;
      if (v === undefined) continue;
      values[i] = v;
      n++;
    }
    n = outerSteps(f.expr, steps, values, present, n);
    if (n > 0) acc.add(key || `\uffff${id1},${id2}`, outputLabels(f.expr, labels), values, present, n);
    if (received + acc.bytes > maxBytes) throw over(`${acc.groupCount.toLocaleString("en-US")} groups or series`);
  }
  const partial = acc.result();
  partial.notes = mergeNotes(partitions.flat().map((p) => p.notes));
  const merged = mergePartials(f, [partial]);
  merged.bytes = received + partialBytes(partial);
  return merged;
}
