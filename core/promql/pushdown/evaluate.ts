// Runs a fragment over a shard's series: each series is evaluated on the grid into reused buffers and
// handed to the accumulator; the working set is one series plus the partial, never the whole selection.
import type { Labels } from "../types";
import { FragmentAccumulator } from "./accumulate";
import { NotesCollector } from "./notes";
import type { Partial } from "./partial";
import { evalSeries, LiveScratch, outputLabels, type SeriesSamples } from "./series-steps";
import { type Fragment, gridSteps, leafOf, type SeriesExpr } from "./spec";

export interface ShardSeries extends SeriesSamples {
  labels: Labels;
}

/** The order compareLabels (labels.ts) sorts label sets in, as a string: sorted names, \x00-joined pairs. */
export function labelSortKey(l: Labels): string {
  return Object.keys(l)
    .sort()
    .map((n) => `${n}\x00${l[n]}`)
    .join("\x00");
}

/** A fragment that would hold more than its byte budget; the message says what to narrow. */
export class FragmentBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FragmentBudgetError";
  }
}

export interface FragmentRun {
  partial: Partial;
  /** Series read and samples decoded (for the caller's accounting). */
  series: number;
  samples: number;
}

/** Work (samples decoded plus steps evaluated) between two yields to the event loop when `yieldEvery` is on. */
export const FRAGMENT_SLICE_WORK = 2_000_000;

/** `series` must come in label order (labelSortKey ascending). `maxBytes` bounds the partial and the state
 * behind it; `describe` names the fragment in the error. With `yieldEvery`, the loop yields to the event loop
 * after that much work: a shard (a Durable Object, which workerd cannot interrupt) then serves ingest and other
 * queries between slices of a costly one instead of holding its thread for seconds. */
export async function evaluateFragment(
  f: Fragment,
  /** A promise among the series means "wait for it, then go on": the source loads the next ones (a shard's
   * cold blocks) while the iteration stays one pass. */
  series: Iterable<ShardSeries | Promise<unknown>>,
  opts: { maxBytes: number; maxSeries: number; describe: () => string; yieldEvery?: number },
): Promise<FragmentRun> {
  const steps = gridSteps(f.grid);
  const acc = new FragmentAccumulator(f.agg, steps, f.order, opts.maxSeries);
  const values = new Float64Array(steps);
  const present = new Uint8Array(steps);
  const live = new LiveScratch();
  const notes = new NotesCollector(f.expr, f.grid, f.leftOpen);
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
    work += seriesWork(f.expr, s, steps);
    const n = evalSeries(f.expr, s, f.grid, f.lookbackMs, f.leftOpen, values, present, live);
    notes.add(s.labels, s);
    if (n > 0) acc.add(labelSortKey(s.labels), outputLabels(f.expr, s.labels), values, present, n);
    if (acc.bytes > opts.maxBytes) {
      const what = f.agg ? `${acc.groupCount.toLocaleString("en-US")} groups` : `${acc.groupCount} series`;
      throw new FragmentBudgetError(
        `${opts.describe()} needs more than ${mib(opts.maxBytes)} in one shard (${what} × ${steps.toLocaleString("en-US")} steps after ${count.toLocaleString("en-US")} series): ${f.agg ? "aggregate by fewer labels, " : "aggregate the result, "}narrow the selector's matchers, shorten the time range or raise the step`,
      );
    }
  }
  const partial = acc.result();
  const seen = notes.result();
  if (seen) partial.notes = seen;
  return { partial, series: count, samples };
}

/** Range functions that read only the ends of each window. */
const WINDOW_ENDS_ONLY = new Set([
  "rate",
  "increase",
  "delta",
  "irate",
  "idelta",
  "last_over_time",
  "present_over_time",
]);

/** What one series costs to evaluate, roughly: its samples decoded, its steps, and for a range function the
 * samples each step's window reads (quantile_over_time over 6 h reads the 6 h at every step). */
function seriesWork(expr: SeriesExpr, s: ShardSeries, steps: number): number {
  const leaf = leafOf(expr);
  let work = s.n + steps;
  if (leaf.k === "range" && !WINDOW_ENDS_ONLY.has(leaf.f) && s.n > 1) {
    const span = s.ts[s.n - 1] - s.ts[0];
    const perWindow = span > 0 ? Math.min(s.n, Math.ceil((s.n * leaf.rangeMs) / span)) : s.n;
    work += steps * perWindow;
  }
  return work;
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes >= 10 * 1048576 ? 0 : 1)} MiB`;
}
