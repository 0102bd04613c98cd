// Metric DDx at the edge: resolve windows, evaluate the underlying expression on both, score in core.
import type { MetricDdxRequest, TimeRange } from "../../core/ddx/contracts";
import { describeChange, findChange, type ChangeLink } from "../../core/ddx/changes";
import { rankMetrics } from "../../core/ddx/metric-ddx";
import { counterGrid, fastPathOf, gaugeGrid, LOOKBACK_MS } from "../../core/ddx/raw-grid";
import { ddxTarget, type DdxTarget } from "../../core/ddx/target";
import type { GridWindow, MetricDdxResult, RankedPair } from "../../core/ddx/types";
import { rateRangeFor, resolveBaseline, stepFor, validateWindows } from "../../core/ddx/windows";
import { ApiError } from "../../core/contracts/errors";
import { createEngine } from "../../core/promql/engine";
import { listChangeEvents } from "../db/change-events";
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

export interface MetricDdxSnapshot {
  kind: "vigil.ddx.metrics";
  version: 1;
  createdAt: number;
  input: MetricDdxRequest & {
    resolved: {
      window: TimeRange;
      baseline: TimeRange;
      windowStepMs: number;
      baselineStepMs: number;
      query: string;
      unwrapped?: string;
      reduced: string[];
      rateApplied: boolean;
    };
  };
  output: MetricDdxResult & { ranked: (RankedPair & { change?: ChangeLink })[]; warnings: string[] };
}

function tooMany(n: number): ApiError {
  return new ApiError(
    "LIMIT_EXCEEDED",
    `the query matches ${n} series; DDx reads at most ${METRIC_DDX_LIMITS.maxSeries}: narrow it with matchers or the pinned scope`,
  );
}

/** The window's grid. A selector or rate()/increase() of one is gridded straight from the raw samples
 * (core/ddx/raw-grid.ts); anything else goes through the PromQL engine step by step. */
async function evaluate(
  env: Env,
  target: (rangeMs: number) => DdxTarget,
  r: TimeRange,
): Promise<{ grid: GridWindow; step: number }> {
  const step = stepFor(r);
  const ts = gridTimestamps(r.start, r.end, step);
  if (ts.length === 0) return { grid: { timestamps: [], series: [] }, step };
  const t = target(rateRangeFor(step));
  const source = shardedSeriesSource(env);
  const fast = fastPathOf(t.expr);
  if (fast) {
    const raw = await source.select(fast.matchers, { start: ts[0] - step - LOOKBACK_MS, end: ts[ts.length - 1] });
    if (raw.length > METRIC_DDX_LIMITS.maxSeries) throw tooMany(raw.length);
    return { grid: fast.kind === "counter" ? counterGrid(raw, ts, step) : gaugeGrid(raw, ts), step };
  }
  const engine = createEngine(source, {
    maxSamples: METRIC_DDX_LIMITS.maxSamples,
    timeoutMs: METRIC_DDX_LIMITS.timeoutMs,
    ...promqlSemantics(env),
  });
  const series = await engine.rangeQueryNumeric(t.expr, ts[0], ts[ts.length - 1], step);
  if (series.length > METRIC_DDX_LIMITS.maxSeries) throw tooMany(series.length);
  return { grid: toGrid(series, ts, step), step };
}

function countLabelKeys(grids: GridWindow[]): number {
  const keys = new Set<string>();
  for (const g of grids) for (const s of g.series) for (const k in s.labels) keys.add(k);
  return keys.size;
}

export async function runMetricDdx(env: Env, req: MetricDdxRequest, now = Date.now()): Promise<MetricDdxSnapshot> {
  const baseline = resolveBaseline(req.window, req.baseline);
  validateWindows(req.window, baseline);
  // Parse once up front so a bad query fails before any storage is read.
  const probe = ddxTarget(req.query, req.scope, 60_000);
  const targetFor = (rangeMs: number) => ddxTarget(req.query, req.scope, rangeMs);
  const [w, b] = await Promise.all([evaluate(env, targetFor, req.window), evaluate(env, targetFor, baseline)]);
  const keys = countLabelKeys([w.grid, b.grid]);
  if (keys > METRIC_DDX_LIMITS.maxLabelKeys) {
    throw new ApiError(
      "LIMIT_EXCEEDED",
      `the series carry ${keys} distinct label names; DDx analyses at most ${METRIC_DDX_LIMITS.maxLabelKeys}: use includeLabels`,
    );
  }
  const result = rankMetrics(w.grid, b.grid, {
    includeLabels: req.includeLabels,
    excludeLabels: req.excludeLabels,
    symptomLabels: probe.symptomLabels,
    top: req.top,
  });
  const warnings: string[] = [];
  if (w.grid.series.length === 0) warnings.push("no series matched in the window");
  if (b.grid.series.length === 0) warnings.push("no series matched in the baseline: every value counts as new");
  const ranked: (RankedPair & { change?: ChangeLink })[] = result.ranked.map((r) => ({ ...r }));
  if (req.changeEvents && ranked.length) await linkChanges(env, ranked, baseline.start, req.window.end);
  return {
    kind: "vigil.ddx.metrics",
    version: 1,
    createdAt: now,
    input: {
      ...req,
      resolved: {
        window: req.window,
        baseline,
        windowStepMs: w.step,
        baselineStepMs: b.step,
        query: probe.query,
        unwrapped: probe.unwrapped,
        reduced: probe.reduced,
        rateApplied: probe.rateApplied,
      },
    },
    output: { ...result, ranked, warnings },
  };
}

/** Attach the change event at which a top value first appeared (only values new or sharply up in the window). */
export async function linkChanges(
  env: Env,
  ranked: { value: string; explanation: string; change?: ChangeLink; newInWindow?: boolean }[],
  from: number,
  to: number,
): Promise<void> {
  const { events } = await listChangeEvents(env.DB, { from: from - 3_600_000, to, limit: 500 });
  if (!events.length) return;
  for (const r of ranked.slice(0, 5)) {
    const link = findChange(r.value, events, from - 3_600_000, to);
    if (!link) continue;
    r.change = link;
    r.explanation = `${r.explanation.replace(/\.$/, "")}; ${describeChange(link)}.`;
  }
}
