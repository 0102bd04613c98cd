// Logs: OTLP ingest (scope ingest), search and histogram (scope read).
import { Hono } from "hono";
import { ApiError } from "../../core/contracts/errors";
import { ParamError } from "../../core/traces/time-params";
import type { AppEnv } from "../app-env";
import { requireScope } from "../middleware/auth";
import { ingestLogs } from "../ingest/logs";
import { logHistogram, searchLogs } from "../../platform/logs/query";
import { logFilterFrom } from "../lib/log-params";

export const logRoutes = new Hono<AppEnv>()
  .post("/v1/logs", requireScope("ingest"), (c) => ingestLogs(c.req.raw, c.env))
  .get("/api/logs/histogram", requireScope("read"), async (c) => {
    const { base, query } = logFilterFrom(c);
    try {
      return c.json(await logHistogram(c.env, base, query.step));
    } catch (e) {
      if (e instanceof ParamError) throw new ApiError("VALIDATION", e.message);
      throw e;
    }
  })
  .get("/api/logs", requireScope("read"), async (c) => {
    const { base, query } = logFilterFrom(c);
    return c.json(await searchLogs(c.env, base, query.limit, query.cursor));
  });
