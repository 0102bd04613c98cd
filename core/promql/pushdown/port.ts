// The engine's side of pushdown: the port storage implements, and running a plan through it.
import type { Expr } from "../ast";
import { acrossPlanned } from "./across";
import type { Precomputed } from "./merge";
import type { PlannedFragment } from "./plan";
import type { Fragment } from "./spec";

/** Storage that can evaluate fragments where the data lives (platform/metrics does it on the shards). */
export interface PushdownPort {
  /** One merged result per fragment, in order. */
  run(fragments: Fragment[]): Promise<Precomputed[]>;
  /** Whether fragments reading samples in `window` (every selector's range, offset, @ and lookback included)
   * may run where the data lives; absent means always. Storage whose series may be split across shards in
   * that window says no, and the query runs over merged raw series instead. */
  accepts?(window: { start: number; end: number }): Promise<boolean>;
  /** Times in (start, end] where storage starts a new partition (a day's generation, a shard map epoch's
   * switch). A range query's steps before and after each one are evaluated apart, so each part's window may be
   * accepted on its own; absent means none. */
  splitPoints?(start: number, end: number): Promise<number[]>;
  /** Fragments whose windows no partition holds whole, each with a range function `decomposable` (across.ts)
   * allows: every partition answers per-series window states over its own span and the port merges them
   * (`mergeAcross`). Throws PushdownRefused where it cannot (a shard map switch in the window, histograms);
   * absent means such queries run over raw series. */
  runAcross?(fragments: Fragment[]): Promise<Precomputed[]>;
}

/** Thrown by `run` when a fragment's series hold native histogram samples in its range: fragments evaluate
 * floats only, so the engine then reads the query's selectors as raw series instead. Storage decides this per
 * fragment, over the series the fragment matches, so histograms elsewhere never slow a float query. */
export class PushdownRefused extends Error {}

/** Asks the port about the union of the ranges a query's selectors read. */
export async function pushdownAccepts(
  port: PushdownPort,
  ranges: Iterable<{ start: number; end: number }>,
): Promise<boolean> {
  if (!port.accepts) return true;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of ranges) {
    start = Math.min(start, r.start);
    end = Math.max(end, r.end);
  }
  return start > end || port.accepts({ start, end });
}

export interface Pushed {
  /** Nodes whose value comes from storage: the evaluator reads them instead of evaluating them. */
  precomputed: Map<Expr, Precomputed>;
  bytes: number;
}

/** The fragments a query pushes down: all of `plan()` when the port accepts the query's window (or did already),
 * else only those that can run as window states merged across partitions, when the port can run them. */
export async function choosePlanned(
  port: PushdownPort | null,
  accepted: boolean | undefined,
  ranges: Iterable<{ start: number; end: number }>,
  plan: () => PlannedFragment[],
): Promise<PlannedFragment[]> {
  if (!port) return [];
  if (accepted || (await pushdownAccepts(port, ranges))) return plan();
  return port.runAcross ? acrossPlanned(plan()) : [];
}

export async function runPlanned(port: PushdownPort | undefined, planned: PlannedFragment[]): Promise<Pushed> {
  const precomputed = new Map<Expr, Precomputed>();
  if (!port || planned.length === 0) return { precomputed, bytes: 0 };
  const whole = planned.filter((p) => !p.across);
  const across = planned.filter((p) => p.across);
  const [a, b] = await Promise.all([
    whole.length ? port.run(whole.map((p) => p.fragment)) : [],
    across.length ? port.runAcross!(across.map((p) => p.fragment)) : [],
  ]);
  let bytes = 0;
  [...whole, ...across].forEach((p, i) => {
    const r = i < whole.length ? a[i] : b[i - whole.length];
    precomputed.set(p.node, r);
    bytes += r.bytes;
  });
  return { precomputed, bytes };
}
