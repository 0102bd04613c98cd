// Metric DDx's grids: the errors (and their traffic, when there is one) on the window's and the baseline's steps.
// A selector or rate()/increase() of one is gridded straight from the raw samples (core/ddx/raw-grid.ts); anything
// else goes through the PromQL engine step by step.
import type { TimeRange } from "../../core/ddx/contracts";
import { counterGrid, fastPathOf, gaugeGrid, LOOKBACK_MS } from "../../core/ddx/raw-grid";
import type { DdxTarget } from "../../core/ddx/target";
import type { TrafficTarget } from "../../core/ddx/traffic";
import type { GridWindow } from "../../core/ddx/types";
import { rateRangeFor, stepFor } from "../../core/ddx/windows";
import { ApiError } from "../../core/contracts/errors";
import { createEngine } from "../../core/promql/engine";
import { matchesAll } from "../../core/promql/labels";
import type { RawSeries } from "../../core/promql/types";
import type { Env } from "../env";
import { promqlSemantics } from "../metrics/engine";
import { shardedSeriesSource } from "../metrics/source";
import { gridTimestamps, toGrid } from "./grid";

export const METRIC_DDX_LIMITS = {
  maxSeries: 20_000,
  maxLabelKeys: 300,
  maxSamples: 40_000_000,
  timeoutMs: 60_000,
} as const;

export interface SideGrids {
  errors: GridWindow;
  traffic?: GridWindow;
  step: number;
  /** Both grids are per-second rates of counters: sums over steps are event counts. */
  counts: boolean;
}

function tooMany(n: number, what: string): ApiError {
  return new ApiError(
    "LIMIT_EXCEEDED",
    `the ${what} matches ${n} series; DDx reads at most ${METRIC_DDX_LIMITS.maxSeries}: narrow it with matchers or the pinned scope`,
  );
}

type Targets = { errors: (rangeMs: number) => DdxTarget; traffic?: (rangeMs: number) => TrafficTarget };

async function one(env: Env, t: DdxTarget, ts: number[], step: number, what: string) {
  const source = shardedSeriesSource(env);
  const fast = fastPathOf(t.expr);
  if (fast) {
    const raw = await source.select(fast.matchers, { start: ts[0] - step - LOOKBACK_MS, end: ts[ts.length - 1] });
    if (raw.length > METRIC_DDX_LIMITS.maxSeries) throw tooMany(raw.length, what);
    return { grid: grid(fast.kind, raw, ts, step), counts: fast.kind === "counter" };
  }
  const engine = createEngine(source, {
    maxSamples: METRIC_DDX_LIMITS.maxSamples,
    timeoutMs: METRIC_DDX_LIMITS.timeoutMs,
    ...promqlSemantics(env),
  });
  const series = await engine.rangeQueryNumeric(t.expr, ts[0], ts[ts.length - 1], step);
  if (series.length > METRIC_DDX_LIMITS.maxSeries) throw tooMany(series.length, what);
  return { grid: toGrid(series, ts, step), counts: false };
}

function grid(kind: "counter" | "gauge", raw: RawSeries[], ts: number[], step: number): GridWindow {
  return kind === "counter" ? counterGrid(raw, ts, step) : gaugeGrid(raw, ts);
}

/** Both grids of one side. When the traffic is the errors' own selector without its outcome matchers, the
 * series are read once and the errors picked out of them. */
export async function evaluateSide(env: Env, targets: Targets, r: TimeRange): Promise<SideGrids> {
  const step = stepFor(r);
  const ts = gridTimestamps(r.start, r.end, step);
  const empty = { timestamps: [], series: [] };
  if (ts.length === 0) return { errors: empty, traffic: targets.traffic ? empty : undefined, step, counts: false };
  const errors = targets.errors(rateRangeFor(step));
  const traffic = targets.traffic?.(rateRangeFor(step));
  const fastT = traffic && fastPathOf(traffic.expr);
  if (traffic?.derivedBy === "selector" && fastT && fastPathOf(errors.expr)?.kind === fastT.kind) {
    const source = shardedSeriesSource(env);
    const raw = await source.select(fastT.matchers, { start: ts[0] - step - LOOKBACK_MS, end: ts[ts.length - 1] });
    if (raw.length > METRIC_DDX_LIMITS.maxSeries) throw tooMany(raw.length, "traffic");
    const all = grid(fastT.kind, raw, ts, step);
    const pick = all.series.filter((_, i) => matchesAll(traffic.outcome, raw[i].labels));
    return { errors: { timestamps: ts, series: pick }, traffic: all, step, counts: fastT.kind === "counter" };
  }
  const [e, t] = await Promise.all([
    one(env, errors, ts, step, "query"),
    traffic ? one(env, traffic, ts, step, "traffic query") : undefined,
  ]);
  return { errors: e.grid, traffic: t?.grid, step, counts: e.counts && (t ? t.counts : true) };
}
