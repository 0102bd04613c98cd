// Fragments whose windows no storage partition holds whole. Each partition's shards answer, per series, the
// partial window states of the samples inside the partition's own span (`Fragment.part`, so a copy of the
// previous partition's tail is never counted twice); the Worker merges each series' states in time order,
// finishes the range function, applies the rest of the per-series expression and folds the series into the
// fragment's aggregation with the shards' own accumulator, so the node's value is what one shard holding every
// series would have answered.
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

/** The labels the Worker needs of a series: the grouping of a `by` aggregation (topk/bottomk answer series),
 * else all of them. */
function neededLabels(f: Fragment, l: Labels): Labels {
  const a = f.agg;
  if (!a || a.without || a.op === "topk" || a.op === "bottomk") return l;
  const out: Labels = {};
  for (const k of a.grouping) if (l[k] !== undefined) out[k] = l[k];
  return out;
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
    const key = labelSortKey(s.labels);
    const l = neededLabels(f, s.labels);
    keys.push(key);
    labels.push(l);
    states.push(st);
    bytes += 2 * key.length + 16 + labelsBytes(l) + st.byteLength;
    if (bytes > opts.maxBytes)
      throw new FragmentBudgetError(
        `${opts.describe()} needs more than ${mib(opts.maxBytes)} of partial window states in one shard (${keys.length.toLocaleString("en-US")} series × ${steps.toLocaleString("en-US")} steps): narrow the selector's matchers or shorten the range`,
      );
  }
  const state = new Float64Array(states.length * width);
  states.forEach((st, i) => state.set(st, i * width));
  const partial: StatePartial = { kind: "state", steps, keys, labels, state };
  const seen = notes.result();
  if (seen) partial.notes = seen;
  return { partial, series: count, samples };
}

/** The fragment's value from every partition's states, `partitions` oldest first (each its shards' answers).
 * `maxBytes` bounds what the Worker holds for it; past it a FragmentBudgetError says what to narrow. */
export function mergeAcross(f: Fragment, partitions: StatePartial[][], maxBytes: number): Precomputed {
  const leaf = leafOf(f.expr) as RangeLeaf;
  const steps = gridSteps(f.grid);
  const width = steps * STATE_WIDTH;
  const byKey = new Map<string, { labels: Labels; st: Float64Array }>();
  let received = 0;
  for (const shards of partitions)
    for (const p of shards) {
      received += partialBytes(p);
      for (let i = 0; i < p.keys.length; i++) {
        const off = i * width;
        const into = byKey.get(p.keys[i]);
        if (!into) byKey.set(p.keys[i], { labels: p.labels[i], st: p.state.slice(off, off + width) });
        else
          for (let s = 0; s < steps; s++) mergeState(leaf.f, into.st, s * STATE_WIDTH, p.state, off + s * STATE_WIDTH);
      }
    }
  const over = (what: string) =>
    new FragmentBudgetError(
      `${leaf.f}(...[${leaf.rangeMs / 1000}s]) across storage partitions needs more than ${mib(maxBytes)} in the Worker (${what}): ${f.agg ? "aggregate by fewer labels, " : "aggregate the result, "}narrow the selector's matchers or shorten the range`,
    );
  if (received > maxBytes) throw over(`${byKey.size.toLocaleString("en-US")} series`);
  const acc = new FragmentAccumulator(f.agg, steps, f.order, byKey.size);
  const values = new Float64Array(steps);
  const present = new Uint8Array(steps);
  const keys = [...byKey.keys()].sort();
  for (const key of keys) {
    const { labels, st } = byKey.get(key)!;
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
    if (n > 0) acc.add(key, outputLabels(f.expr, labels), values, present, n);
    if (received + acc.bytes > maxBytes) throw over(`${acc.groupCount.toLocaleString("en-US")} groups or series`);
  }
  const partial = acc.result();
  partial.notes = mergeNotes(partitions.flat().map((p) => p.notes));
  const merged = mergePartials(f, [partial]);
  merged.bytes = received + partialBytes(partial);
  return merged;
}
