// What a Worker asks a metric shard to evaluate: a per-series expression over one selector, optionally
// under one aggregation, on a step grid. Plain data (it crosses the Durable Object RPC boundary) and
// validated with zod on arrival like any other input.
import { z } from "zod";
import type { AggregateOp, BinaryOp } from "../ast";
import type { LabelMatcher } from "../types";

/** Evaluation times start, start+step, ... <= end (an instant query is start = end). */
export interface Grid {
  start: number;
  end: number;
  step: number;
}

/** A per-series expression: every output sample depends on one input series at one step, and the output
 * labels of a series are the same at every step. */
export type SeriesExpr =
  | { k: "sel"; matchers: LabelMatcher[]; offsetMs: number; at: number | null }
  | {
      k: "range";
      f: string;
      matchers: LabelMatcher[];
      rangeMs: number;
      offsetMs: number;
      at: number | null;
      /** quantile_over_time's q, predict_linear's duration; 0 otherwise. */
      arg: number;
    }
  | { k: "math"; f: string; x: SeriesExpr }
  | { k: "clamp"; x: SeriesExpr; min: number; max: number }
  | { k: "round"; x: SeriesExpr; to: number }
  | { k: "scalar"; op: BinaryOp; x: SeriesExpr; s: number; swap: boolean; bool: boolean }
  | { k: "neg"; x: SeriesExpr };

export interface AggSpec {
  op: AggregateOp;
  grouping: string[];
  without: boolean;
  /** topk/bottomk k, quantile q (numbers) or count_values' label (string). */
  param?: number | string;
}

export interface Fragment {
  expr: SeriesExpr;
  agg?: AggSpec;
  grid: Grid;
  lookbackMs: number;
  leftOpen: boolean;
  /** Carry per-step first-appearance order: the result feeds something order-sensitive (topk ties, sort,
   * an instant query's output). */
  order: boolean;
  /** Set when no storage partition holds the fragment's windows whole: answer each matched series' partial window
   * states (window-state.ts) over its samples in [start, end] only (the partition's own span), for the Worker to
   * merge across partitions (across.ts). */
  part?: { start: number; end: number };
}

const matcher = z.object({ name: z.string(), op: z.enum(["=", "!=", "=~", "!~"]), value: z.string() });
// Scalar literals may be NaN or infinite (clamp_min(x, 5) is clamp(x, 5, +Inf)): zod 4 numbers refuse both.
const num = z.custom<number>((v) => typeof v === "number", "expected a number");
const time = z.number().finite();
const binaryOps = ["+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<="] as const;

const seriesExpr: z.ZodType<SeriesExpr> = z.lazy(() =>
  z.discriminatedUnion("k", [
    z.object({ k: z.literal("sel"), matchers: z.array(matcher).min(1).max(64), offsetMs: time, at: time.nullable() }),
    z.object({
      k: z.literal("range"),
      f: z.string(),
      matchers: z.array(matcher).min(1).max(64),
      rangeMs: z.number().positive(),
      offsetMs: time,
      at: time.nullable(),
      arg: num,
    }),
    z.object({ k: z.literal("math"), f: z.string(), x: seriesExpr }),
    z.object({ k: z.literal("clamp"), x: seriesExpr, min: num, max: num }),
    z.object({ k: z.literal("round"), x: seriesExpr, to: num }),
    z.object({
      k: z.literal("scalar"),
      op: z.enum(binaryOps),
      x: seriesExpr,
      s: num,
      swap: z.boolean(),
      bool: z.boolean(),
    }),
    z.object({ k: z.literal("neg"), x: seriesExpr }),
  ]),
) as z.ZodType<SeriesExpr>;

const aggOps = [
  "sum",
  "avg",
  "min",
  "max",
  "count",
  "group",
  "stddev",
  "stdvar",
  "topk",
  "bottomk",
  "quantile",
  "count_values",
] as const;

/** At most this many evaluation steps per fragment (Prometheus' 11,000 points per series). */
export const MAX_GRID_STEPS = 11_001;

export const fragmentSchema = z
  .object({
    expr: seriesExpr,
    agg: z
      .object({
        op: z.enum(aggOps),
        grouping: z.array(z.string()).max(64),
        without: z.boolean(),
        param: z.union([num, z.string()]).optional(),
      })
      .optional(),
    grid: z.object({ start: time, end: time, step: z.number().positive() }),
    lookbackMs: z.number().positive(),
    leftOpen: z.boolean(),
    order: z.boolean(),
    part: z.object({ start: time, end: time }).optional(),
  })
  .refine((f) => f.grid.end >= f.grid.start, "grid end before start")
  .refine((f) => gridSteps(f.grid) <= MAX_GRID_STEPS, `at most ${MAX_GRID_STEPS} steps per fragment`);

export function gridSteps(g: Grid): number {
  return Math.floor((g.end - g.start) / g.step) + 1;
}

/** The selector leaf of a series expression. */
export function leafOf(e: SeriesExpr): Extract<SeriesExpr, { k: "sel" | "range" }> {
  return e.k === "sel" || e.k === "range" ? e : leafOf(e.x);
}

/** The raw sample range [start, end] the fragment reads (lookback or range window included). */
export function dataRange(f: Fragment): { start: number; end: number } {
  const leaf = leafOf(f.expr);
  const back = leaf.k === "range" ? leaf.rangeMs : f.lookbackMs;
  const first = leaf.at ?? f.grid.start;
  const last = leaf.at ?? f.grid.start + (gridSteps(f.grid) - 1) * f.grid.step;
  return { start: first - leaf.offsetMs - back, end: last - leaf.offsetMs };
}
