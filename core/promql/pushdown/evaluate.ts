// Runs a fragment over a shard's series: each series is evaluated on the grid into reused buffers and
// handed to the accumulator; the working set is one series plus the partial, never the whole selection.
import type { Labels } from "../types";
import { FragmentAccumulator } from "./accumulate";
import type { Partial } from "./partial";
import { evalSeries, LiveScratch, outputLabels, type SeriesSamples } from "./series-steps";
import { type Fragment, gridSteps } from "./spec";

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

/** `series` must come in label order (labelSortKey ascending). `maxBytes` bounds the partial and the state
 * behind it; `describe` names the fragment in the error. */
export function evaluateFragment(
  f: Fragment,
  series: Iterable<ShardSeries>,
  opts: { maxBytes: number; maxSeries: number; describe: () => string },
): FragmentRun {
  const steps = gridSteps(f.grid);
  const acc = new FragmentAccumulator(f.agg, steps, f.order, opts.maxSeries);
  const values = new Float64Array(steps);
  const present = new Uint8Array(steps);
  const live = new LiveScratch();
  let count = 0;
  let samples = 0;
  for (const s of series) {
    count++;
    samples += s.n;
    const n = evalSeries(f.expr, s, f.grid, f.lookbackMs, f.leftOpen, values, present, live);
    if (n > 0) acc.add(labelSortKey(s.labels), outputLabels(f.expr, s.labels), values, present, n);
    if (acc.bytes > opts.maxBytes) {
      const what = f.agg ? `${acc.groupCount.toLocaleString("en-US")} groups` : `${acc.groupCount} series`;
      throw new FragmentBudgetError(
        `${opts.describe()} needs more than ${mib(opts.maxBytes)} in one shard (${what} × ${steps.toLocaleString("en-US")} steps after ${count.toLocaleString("en-US")} series): ${f.agg ? "aggregate by fewer labels, " : "aggregate the result, "}narrow the selector's matchers, shorten the time range or raise the step`,
      );
    }
  }
  return { partial: acc.result(), series: count, samples };
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes >= 10 * 1048576 ? 0 : 1)} MiB`;
}
