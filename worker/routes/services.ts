// Services (scope read): the list with RED figures, the dependency graph (full map or one service's upstream
// and downstream) and one service's RED time series. Figures come from the services' own metrics where a known
// family covers them (core/services/families.ts) and from spans otherwise, each span counting 1 / its sampling
// probability (tracestate th) when it carries one; every node, call and series says which. Window and baseline like the span statistics.
import { Hono } from "hono";
import { z } from "zod";
import { parseScopeParams } from "../../core/scope/trace-scope";
import type { ScopeMatcher } from "../../core/scope/promql-scope";
import { mergeServiceGraph } from "../../core/services/merge";
import { type BucketPlan, foldRedSeries, planBuckets } from "../../core/traces/red-series";
import { comparisonWindow, parseDurationUs, type TimeWindow } from "../../core/traces/time-params";
import type { SpanFilter } from "../../core/traces/contracts";
import type { AppEnv } from "../app-env";
import type { Env } from "../../platform/env";
import { requireScope } from "../middleware/auth";
import { spanFilterFrom, validating } from "../lib/filter-params";
import { metricServiceGraph } from "../../platform/services/metric-graph";
import { metricRedSeries } from "../../platform/services/metric-red";
import { serviceGraphAcrossShards } from "../../platform/traces/graph";
import { type TraceShardApi, traceShardsFor } from "../../platform/traces/shards";

/** Shard RPCs one RED series request may make (buckets x shards; at least two buckets): workerd does not
 * cap subrequests locally, Cloudflare does. */
const MAX_SHARD_CALLS = 256;
const serviceName = z.string().trim().min(1).max(256);

function baselineOffsetMs(raw: string | undefined): number {
  return validating(() => (raw ? parseDurationUs(raw, "compareOffset") / 1000 : 3_600_000));
}

/** The pinned scope as metric label matchers (keys as written; core/services maps them per family). */
function metricScope(values: string[]): ScopeMatcher[] {
  return validating(() => parseScopeParams(values, false).map((m) => ({ label: m.key, op: m.op, value: m.value })));
}

/** RED buckets and the trace shards each one reads. A bucket calls only the generations of its own days, so a
 * window across midnight keeps the step a one-day window gets; the buckets (at most 64, at least 2) are as many as
 * MAX_SHARD_CALLS allows over all buckets' calls. */
async function redPlan(env: Env, window: TimeWindow): Promise<{ plan: BucketPlan; shardsOf: TraceShardApi[][] }> {
  let max = 64;
  for (;;) {
    const plan = planBuckets(window, max);
    const shardsOf = await Promise.all(
      plan.buckets.map((b) => traceShardsFor(env, Math.floor(b.startMs * 1000), Math.floor(b.endMs * 1000))),
    );
    const calls = shardsOf.reduce((n, s) => n + s.length, 0);
    if (calls <= MAX_SHARD_CALLS || max <= 2) return { plan, shardsOf };
    max = Math.max(2, Math.min(max - 1, Math.floor((max * MAX_SHARD_CALLS) / calls)));
  }
}

async function graphOf(
  env: Env,
  filter: SpanFilter,
  window: TimeWindow,
  offset: string | undefined,
  scope: string[],
  focus?: string,
) {
  const baseline = comparisonWindow(window, baselineOffsetMs(offset));
  // Edges touching the focus service start in other services: spans are filtered by scope and time only.
  const [spans, metrics] = await Promise.all([
    serviceGraphAcrossShards(env, { ...filter, service: undefined }, window, baseline),
    metricServiceGraph(env, window, baseline, metricScope(scope)),
  ]);
  const merged = mergeServiceGraph(spans, metrics, focus);
  return {
    window,
    baselineWindow: baseline,
    ...merged,
    sources: {
      families: metrics.detection.families.map((f) => ({
        id: f.family.id,
        title: f.family.title,
        role: f.family.role,
        metric: f.family.count,
        services: [...f.services].sort(),
      })),
      unusable: metrics.detection.unusable,
      spans: "spans, weighted by their sampling probability where they carry it (tracestate th)",
    },
    scannedSpans: spans.scannedSpans,
    truncated: spans.truncated,
  };
}

export const serviceRoutes = new Hono<AppEnv>()
  .get("/api/services", requireScope("read"), async (c) => {
    const { filter, window } = spanFilterFrom(c);
    const g = await graphOf(c.env, filter, window, c.req.query("compareOffset"), c.req.queries("scope") ?? []);
    // The list is per service, so the service filter means "this one" rather than a span filter.
    const services = g.nodes
      .filter((n) => n.kind === "service" && (!filter.service || n.id === filter.service))
      .map((n) => ({
        service: n.id,
        current: n.current,
        baseline: n.baseline,
        change: n.change,
        origin: n.origin,
        family: n.family,
      }))
      .sort((a, b) => b.current.errorsPerMin - a.current.errorsPerMin || a.service.localeCompare(b.service));
    return c.json({
      window: g.window,
      baselineWindow: g.baselineWindow,
      services,
      sources: g.sources,
      truncated: g.truncated,
    });
  })
  .get("/api/services/graph", requireScope("read"), async (c) => {
    const { filter, window } = spanFilterFrom(c);
    const focus = filter.service;
    const g = await graphOf(c.env, filter, window, c.req.query("compareOffset"), c.req.queries("scope") ?? [], focus);
    return c.json({ service: focus ?? null, ...g });
  })
  .get("/api/services/:name/red", requireScope("read"), async (c) => {
    const service = validating(() => serviceName.parse(c.req.param("name")));
    const { filter, window } = spanFilterFrom(c);
    const { plan, shardsOf } = await redPlan(c.env, window);
    const fromMetrics = await metricRedSeries(
      c.env,
      service,
      window,
      plan.stepMs,
      metricScope(c.req.queries("scope") ?? []),
    );
    if (fromMetrics)
      return c.json({
        service,
        window,
        stepMs: plan.stepMs,
        origin: "metrics" as const,
        basis: "server" as const,
        ...fromMetrics,
        spans: null,
        truncated: false,
      });
    const perBucket = await Promise.all(
      plan.buckets.map((b, i) =>
        Promise.all(
          shardsOf[i].map((s) =>
            s.stats({
              ...filter,
              service,
              startUs: Math.floor(b.startMs * 1000),
              endUs: Math.floor(b.endMs * 1000),
              groupBy: ["kind"],
            }),
          ),
        ),
      ),
    );
    const { weighted, ...series } = foldRedSeries(
      plan,
      perBucket.map((parts) => parts.map((p) => p.groups)),
    );
    return c.json({
      service,
      window,
      origin: weighted ? ("weighted-spans" as const) : ("spans" as const),
      ...series,
      truncated: perBucket.some((parts) => parts.some((p) => p.truncated)),
    });
  });
