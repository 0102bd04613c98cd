// Query string -> SpanFilter, shared by trace search, stats, services and the graph.
import type { Context } from "hono";
import { z } from "zod";
import { parseScopeParams, type AttrMatcher } from "../../core/scope/trace-scope";
import type { SpanFilter } from "../../core/traces/contracts";
import { parseDurationUs, parseWindow, windowToFilter, type TimeWindow } from "../../core/traces/time-params";
import { validating } from "../../platform/lib/validating";

export { validating };

export const filterQuerySchema = z.object({
  start: z.string().max(64).optional(),
  end: z.string().max(64).optional(),
  service: z.string().trim().min(1).max(256).optional(),
  operation: z.string().trim().min(1).max(1024).optional(),
  status: z.enum(["ok", "error", "any", "all"]).optional(),
  minDuration: z.string().max(32).optional(),
  maxDuration: z.string().max(32).optional(),
});

/** `scope=environment=production` (pinned scope) and `tag=deployment.version=v3.41.0` both become matchers. */
export function matchersFrom(c: Context): AttrMatcher[] {
  return validating(() => [
    ...parseScopeParams(c.req.queries("scope") ?? []),
    ...parseScopeParams(c.req.queries("tag") ?? []),
  ]);
}

export function spanFilterFrom(c: Context, defaultWindowMs = 3_600_000): { filter: SpanFilter; window: TimeWindow } {
  return validating(() => {
    const q = filterQuerySchema.parse(c.req.query());
    const window = parseWindow(q.start, q.end, Date.now(), defaultWindowMs);
    const filter: SpanFilter = {
      ...windowToFilter(window),
      service: q.service,
      operation: q.operation,
      status: q.status === "ok" || q.status === "error" ? q.status : undefined,
      minDurationUs: q.minDuration ? parseDurationUs(q.minDuration, "minDuration") : undefined,
      maxDurationUs: q.maxDuration ? parseDurationUs(q.maxDuration, "maxDuration") : undefined,
      matchers: matchersFrom(c),
    };
    return { filter, window };
  });
}
