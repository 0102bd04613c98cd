// Annotations of pushed-down fragments. A shard sees the series a fragment reads, the Worker the query text:
// the shard reports what it saw (names of suspect counters, whether quantile_over_time read any float) and
// the Worker words the annotations with positions, as unsharded evaluation words them.
import { type Annotations, invalidQuantile, mightNotBeCounter, possibleNonCounter } from "../annotations";
import type { Expr } from "../ast";
import { positionOf } from "../positions";
import { isStaleNaN } from "../stale";
import type { Labels } from "../types";
import { constScalar } from "./plan";
import type { SeriesSamples } from "./series-steps";
import { type Grid, gridSteps, leafOf, type SeriesExpr } from "./spec";

/** What a shard saw while evaluating a fragment, for the Worker's annotations. */
export interface ShardNotes {
  /** rate/increase read floats of series with these names, which do not end like a counter's. */
  nonCounters?: string[];
  /** quantile_over_time with a quantile outside [0, 1] read a float in some window. */
  quantileRead?: boolean;
}

const validQuantile = (q: number) => q >= 0 && q <= 1;

/** Collects a fragment's notes series by series (only the range functions that can annotate cost anything). */
export class NotesCollector {
  private readonly names = new Set<string>();
  private quantileRead = false;
  private readonly leaf: Extract<SeriesExpr, { k: "range" }> | null;

  constructor(
    expr: SeriesExpr,
    private readonly grid: Grid,
    private readonly leftOpen: boolean,
  ) {
    const leaf = leafOf(expr);
    const watched =
      leaf.k === "range" &&
      (leaf.f === "rate" || leaf.f === "increase" || (leaf.f === "quantile_over_time" && !validQuantile(leaf.arg)));
    this.leaf = watched ? (leaf as Extract<SeriesExpr, { k: "range" }>) : null;
  }

  add(labels: Labels, s: SeriesSamples): void {
    const leaf = this.leaf;
    if (!leaf) return;
    if (leaf.f === "quantile_over_time") {
      if (!this.quantileRead && floatInSomeWindow(leaf, s, this.grid, this.leftOpen)) this.quantileRead = true;
      return;
    }
    const name = labels.__name__;
    if (mightNotBeCounter(name) && !this.names.has(name) && floatInSomeWindow(leaf, s, this.grid, this.leftOpen))
      this.names.add(name);
  }

  result(): ShardNotes | undefined {
    if (this.names.size === 0 && !this.quantileRead) return undefined;
    const out: ShardNotes = {};
    if (this.names.size > 0) out.nonCounters = [...this.names];
    if (this.quantileRead) out.quantileRead = true;
    return out;
  }
}

/** Whether a live (not stale) sample of `s` lies in the range window of some grid step. */
function floatInSomeWindow(
  leaf: Extract<SeriesExpr, { k: "range" }>,
  s: SeriesSamples,
  grid: Grid,
  leftOpen: boolean,
): boolean {
  const steps = gridSteps(grid);
  let i = 0;
  for (let k = 0; k < steps; k++) {
    const ref = (leaf.at ?? grid.start + k * grid.step) - leaf.offsetMs;
    const lo = ref - leaf.rangeMs;
    if (leaf.at !== null) i = 0;
    while (i < s.n && (s.ts[i] < lo || (leftOpen && s.ts[i] === lo) || isStaleNaN(s.vs[i]))) i++;
    if (i < s.n && s.ts[i] <= ref) return true;
    if (leaf.at !== null) return false;
  }
  return false;
}

/** Merges the notes of a fragment's shards. */
export function mergeNotes(parts: (ShardNotes | undefined)[]): ShardNotes {
  const names = new Set<string>();
  let quantileRead = false;
  for (const p of parts) {
    for (const n of p?.nonCounters ?? []) names.add(n);
    if (p?.quantileRead) quantileRead = true;
  }
  return { nonCounters: [...names], quantileRead };
}

/** The annotations of a pushed-down node: the ones its own text decides (a quantile aggregation's parameter)
 * and the ones the shards' notes decide. Inner nodes first, as the evaluator notes them: where two nodes share a
 * text, the position of the later one wins. */
export function annotatePushed(node: Expr, notes: ShardNotes, out: Annotations): void {
  switch (node.kind) {
    case "paren":
    case "unary":
      return annotatePushed(node.expr, notes, out);
    case "binary":
      annotatePushed(node.lhs, notes, out);
      return annotatePushed(node.rhs, notes, out);
    case "aggregate": {
      annotatePushed(node.expr, notes, out);
      const q = node.op === "quantile" && node.param ? constScalar(node.param) : null;
      if (q !== null && !validQuantile(q)) out.add(invalidQuantile(q, positionOf(node.param!)));
      return;
    }
    case "call": {
      for (const a of node.args) annotatePushed(a, notes, out);
      if (node.func === "rate" || node.func === "increase")
        for (const n of notes.nonCounters ?? []) out.add(possibleNonCounter(n, positionOf(node.args[0])));
      if (node.func === "quantile_over_time" && notes.quantileRead) {
        const q = constScalar(node.args[0]);
        if (q !== null && !validQuantile(q)) out.add(invalidQuantile(q, positionOf(node.args[0])));
      }
      return;
    }
    default:
      return;
  }
}
