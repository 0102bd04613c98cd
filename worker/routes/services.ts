// Services (scope read): the list with RED figures, and the dependency graph (full map or one service's
// upstream and downstream), and one service's RED time series. Window and baseline like the span statistics.
import { Hono } from "hono";
import { z } from "zod";
import { foldRedSeries, planBuckets } from "../../core/traces/red-series";
import { comparisonWindow, parseDurationUs } from "../../core/traces/time-params";
import type { AppEnv } from "../app-env";
import { requireScope } from "../middleware/auth";
import { spanFilterFrom, validating } from "../lib/filter-params";
import { serviceGraphAcrossShards } from "../../platform/traces/graph";
import { allTraceShards } from "../../platform/traces/shards";

/** Shard RPCs one RED series request may make (buckets x shards; at least two buckets): workerd does not
 * cap subrequests locally, Cloudflare does. */
const MAX_SHARD_CALLS = 256;
const serviceName = z.string().trim().min(1).max(256);

function baselineOffsetMs(raw: string | undefined): number {
  return validating(() => (raw ? parseDurationUs(raw, "compareOffset") / 1000 : 3_600_000));
}

export const serviceRoutes = new Hono<AppEnv>()
  .get("/api/services", requireScope("read"), async (c) => {
    const { filter, window } = spanFilterFrom(c);
    // The list is per service, so the service filter means "this one" rather than a span filter.
    const g = await serviceGraphAcrossShards(
      c.env,
      { ...filter, service: undefined },
      window,
      comparisonWindow(window, baselineOffsetMs(c.req.query("compareOffset"))),
    );
    const services = g.nodes
      .filter((n) => n.kind === "service" && (!filter.service || n.id === filter.service))
      .map((n) => ({ service: n.id, current: n.current, baseline: n.baseline, change: n.change }))
      .sort((a, b) => b.current.errorsPerMin - a.current.errorsPerMin || a.service.localeCompare(b.service));
    return c.json({ window: g.window, baselineWindow: g.baselineWindow, services, truncated: g.truncated });
  })
  .get("/api/services/graph", requireScope("read"), async (c) => {
    const { filter, window } = spanFilterFrom(c);
    const focus = filter.service;
    // Edges touching the focus service start in other services: filter spans by scope and time only.
    const g = await serviceGraphAcrossShards(
      c.env,
      { ...filter, service: undefined },
      window,
      comparisonWindow(window, baselineOffsetMs(c.req.query("compareOffset"))),
      focus,
    );
    return c.json({ service: focus ?? null, ...g });
  })
  .get("/api/services/:name/red", requireScope("read"), async (c) => {
    const service = validating(() => serviceName.parse(c.req.param("name")));
    const { filter, window } = spanFilterFrom(c);
    const shards = allTraceShards(c.env);
    const plan = planBuckets(window, Math.max(2, Math.min(64, Math.floor(MAX_SHARD_CALLS / shards.length))));
    const perBucket = await Promise.all(
      plan.buckets.map((b) =>
        Promise.all(
          shards.map((s) =>
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
    const series = foldRedSeries(
      plan,
      perBucket.map((parts) => parts.map((p) => p.groups)),
    );
    return c.json({ service, window, ...series, truncated: perBucket.some((parts) => parts.some((p) => p.truncated)) });
  });
