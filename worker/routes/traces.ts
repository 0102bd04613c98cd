// Traces: OTLP ingest (scope ingest) and the trace query API (scope read). Logs and services mount beside.
import { Hono } from "hono";
import { z } from "zod";
import { encodeTracesJson } from "../../core/otlp/traces/encode-json";
import { searchRequestSchema } from "../../core/traces/contracts";
import { comparisonWindow, decodeCursor, parseDurationUs } from "../../core/traces/time-params";
import type { AppEnv } from "../app-env";
import { requireScope } from "../middleware/auth";
import { spanFilterFrom, validating } from "../lib/filter-params";
import { ingestTraces } from "../ingest/traces";
import { searchAllShards } from "../../platform/traces/search";
import { spanStatsAcrossShards } from "../../platform/traces/stats";
import { loadTrace, traceView } from "../../platform/traces/trace-view";
import { logRoutes } from "./logs";
import { serviceRoutes } from "./services";

const cursorSchema = z.object({ t: z.number().int(), traceId: z.string().regex(/^[0-9a-f]{32}$/) });

/** `groupBy=service&groupBy=operation` or `groupBy=service,operation`; at most three keys. */
export function groupByFrom(values: string[] | undefined, fallback: string[]): string[] {
  const keys = (values ?? [])
    .flatMap((v) => v.split(","))
    .map((k) => k.trim())
    .filter(Boolean);
  return keys.length ? keys : fallback;
}

export const traceRoutes = new Hono<AppEnv>()
  .post("/v1/traces", requireScope("ingest"), (c) => ingestTraces(c.req.raw, c.env))
  .get("/api/traces/search", requireScope("read"), async (c) => {
    const { filter } = spanFilterFrom(c);
    const req = validating(() => {
      const limit = c.req.query("limit");
      const cursor = c.req.query("cursor");
      return searchRequestSchema.parse({
        ...filter,
        limit: z
          .number()
          .int()
          .min(1)
          .max(500)
          .parse(limit === undefined ? 20 : Number(limit)),
        cursor: cursor ? cursorSchema.parse(decodeCursor(cursor)) : undefined,
      });
    });
    return c.json(await searchAllShards(c.env, req));
  })
  .get("/api/traces/stats", requireScope("read"), async (c) => {
    const { filter, window } = spanFilterFrom(c);
    const { groupBy, offsetMs } = validating(() => {
      const groupBy = z
        .array(z.string().min(1).max(256))
        .max(3, "groupBy takes at most 3 keys")
        .parse(groupByFrom(c.req.queries("groupBy"), ["service", "operation"]));
      const offset = c.req.query("compareOffset");
      return { groupBy, offsetMs: offset ? parseDurationUs(offset, "compareOffset") / 1000 : 3_600_000 };
    });
    return c.json(await spanStatsAcrossShards(c.env, filter, groupBy, window, comparisonWindow(window, offsetMs)));
  })
  .get("/api/traces/:traceId", requireScope("read"), async (c) => {
    const traceId = c.req.param("traceId").toLowerCase();
    const { spans, truncated } = await loadTrace(c.env, traceId);
    if (c.req.query("format") === "otlp") {
      return c.json(encodeTracesJson(spans), 200, {
        "content-disposition": `attachment; filename="trace-${traceId}.json"`,
      });
    }
    return c.json(traceView(traceId, spans, truncated));
  });

/** The one mount line in worker/routes/index.ts calls this. */
export function mountTelemetryRoutes(app: Hono<AppEnv>): void {
  app.route("/", traceRoutes);
  app.route("/", logRoutes);
  app.route("/", serviceRoutes);
}
