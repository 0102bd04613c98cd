// Metric DDx at the edge: resolve windows and the traffic behind the signal, evaluate both sides, score in core.
import { describeChange, findChange, type ChangeLink } from "../../core/ddx/changes";
import type { MetricDdxRequest, TimeRange } from "../../core/ddx/contracts";
import { rankMetrics } from "../../core/ddx/metric-ddx";
import { ddxTarget } from "../../core/ddx/target";
import { trafficTarget } from "../../core/ddx/traffic";
import type { GridWindow, MetricDdxResult, RankedPair } from "../../core/ddx/types";
import { resolveBaseline, validateWindows } from "../../core/ddx/windows";
import { ApiError } from "../../core/contracts/errors";
import { listChangeEvents } from "../db/change-events";
import type { Env } from "../env";
import { evaluateSide, METRIC_DDX_LIMITS } from "./evaluate";

export { METRIC_DDX_LIMITS };

export interface MetricDdxSnapshot {
  kind: "vigil.ddx.metrics";
  version: 2;
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
      /** "rate": errors over `traffic`; "volume": the signal alone. */
      mode: "rate" | "volume";
      traffic?: { query: string; derivedBy: "ratio" | "selector" | "given"; reduced: string[] };
    };
  };
  output: MetricDdxResult & { ranked: (RankedPair & { change?: ChangeLink })[]; warnings: string[] };
}

function countLabelKeys(grids: (GridWindow | undefined)[]): number {
  const keys = new Set<string>();
  for (const g of grids) if (g) for (const s of g.series) for (const k in s.labels) keys.add(k);
  return keys.size;
}

export async function runMetricDdx(env: Env, req: MetricDdxRequest, now = Date.now()): Promise<MetricDdxSnapshot> {
  const baseline = resolveBaseline(req.window, req.baseline);
  validateWindows(req.window, baseline);
  // Parse once up front so a bad query fails before any storage is read.
  const probe = ddxTarget(req.query, req.scope, 60_000);
  const trafficFor = (rangeMs: number) =>
    trafficTarget(req.query, ddxTarget(req.query, req.scope, rangeMs), req.scope, rangeMs, req.traffic);
  const trafficProbe = req.signal === "volume" ? null : trafficFor(60_000);
  if (req.signal === "rate" && !trafficProbe)
    throw new ApiError(
      "VALIDATION",
      "signal 'rate' needs traffic: write the query as a ratio (errors / requests), select the errors with an outcome label (status, code, outcome...), or give `traffic`",
    );
  const targets = {
    errors: (rangeMs: number) => ddxTarget(req.query, req.scope, rangeMs),
    traffic: trafficProbe ? (rangeMs: number) => trafficFor(rangeMs)! : undefined,
  };
  const [w, b] = await Promise.all([evaluateSide(env, targets, req.window), evaluateSide(env, targets, baseline)]);
  const keys = countLabelKeys([w.errors, b.errors, w.traffic, b.traffic]);
  if (keys > METRIC_DDX_LIMITS.maxLabelKeys) {
    throw new ApiError(
      "LIMIT_EXCEEDED",
      `the series carry ${keys} distinct label names; DDx analyses at most ${METRIC_DDX_LIMITS.maxLabelKeys}: use includeLabels`,
    );
  }
  const counts = w.counts && b.counts;
  const result = rankMetrics(w.errors, b.errors, {
    traffic: w.traffic && b.traffic ? { window: w.traffic, baseline: b.traffic } : undefined,
    stepSeconds: counts ? { window: w.step / 1000, baseline: b.step / 1000 } : undefined,
    includeLabels: req.includeLabels,
    excludeLabels: req.excludeLabels,
    symptomLabels: probe.symptomLabels,
    top: req.top,
  });
  const warnings: string[] = [];
  if (w.errors.series.length === 0) warnings.push("no series matched in the window");
  if (b.errors.series.length === 0 && b.traffic?.series.length === 0)
    warnings.push("no series matched in the baseline: only the comparison with the rest of the population ran");
  if (!trafficProbe && req.signal === "auto")
    warnings.push(
      "analysed as volume: the query has no traffic to divide by (write it as a ratio, select errors with a status or outcome label, or give `traffic`), so a traffic shift looks like a fault and a fault older than the baseline cannot be seen",
    );
  const ranked: (RankedPair & { change?: ChangeLink })[] = result.ranked.map((r) => ({ ...r }));
  if (req.changeEvents && ranked.length) await linkChanges(env, ranked, baseline.start, req.window.end);
  return {
    kind: "vigil.ddx.metrics",
    version: 2,
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
        mode: result.mode,
        traffic: trafficProbe
          ? { query: trafficProbe.query, derivedBy: trafficProbe.derivedBy, reduced: trafficProbe.reduced }
          : undefined,
      },
    },
    output: { ...result, ranked, warnings },
  };
}

/** Attach the change event at which a top value first appeared (only the five most divergent causes). */
export async function linkChanges(
  env: Env,
  ranked: { value: string; explanation: string; change?: ChangeLink; kind?: string }[],
  from: number,
  to: number,
): Promise<void> {
  const { events } = await listChangeEvents(env.DB, { from: from - 3_600_000, to, limit: 500 });
  if (!events.length) return;
  for (const r of ranked.filter((x) => x.kind === undefined || x.kind === "cause").slice(0, 5)) {
    const link = findChange(r.value, events, from - 3_600_000, to);
    if (!link) continue;
    r.change = link;
    r.explanation = `${r.explanation.replace(/\.$/, "")}; ${describeChange(link)}.`;
  }
}
