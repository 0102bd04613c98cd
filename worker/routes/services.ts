// Services (scope read): the list with RED figures, and the dependency graph (full map or one service's
// upstream and downstream). Window and baseline like the span statistics.
import { Hono } from "hono";
import { comparisonWindow, parseDurationUs } from "../../core/traces/time-params";
import type { AppEnv } from "../env";
import { requireScope } from "../middleware/auth";
import { spanFilterFrom, validating } from "../traces/filter-params";
import { serviceGraphAcrossShards } from "../traces/graph";

function baselineOffsetMs(raw: string | undefined): number {
  return validating(() => (raw ? parseDurationUs(raw, "compareOffset") / 1000 : 3_600_000));
}

export const serviceRoutes = new Hono<AppEnv>()
  .get("/api/services", requireScope("read"), async (c) => {
    const { filter, window } = spanFilterFrom(c);
    // The list is per service, so the service filter means "this one" rather than a span filter.
    const g = await serviceGraphAcrossShards(c.env, { ...filter, service: undefined }, window, comparisonWindow(window, baselineOffsetMs(c.req.query("compareOffset"))));
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
    const g = await serviceGraphAcrossShards(c.env, { ...filter, service: undefined }, window, comparisonWindow(window, baselineOffsetMs(c.req.query("compareOffset"))), focus);
    return c.json({ service: focus ?? null, ...g });
  });
