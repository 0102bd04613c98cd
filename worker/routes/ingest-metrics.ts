import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireScope } from "../middleware/auth";
import { handleRemoteWrite } from "../ingest/remote-write";
import { handleOtlpMetrics } from "../ingest/metrics-otlp";
import { handleStorageStats } from "../ingest/storage-stats";

/** Metrics ingest: Prometheus remote_write and OTLP/HTTP metrics (scope `ingest`), plus storage figures (`read`). */
export const ingestMetricsRoutes = new Hono<AppEnv>()
  .use("/api/v1/write", requireScope("ingest"))
  .post("/api/v1/write", handleRemoteWrite)
  .use("/v1/metrics", requireScope("ingest"))
  .post("/v1/metrics", handleOtlpMetrics)
  .use("/api/metrics/storage", requireScope("read"))
  .get("/api/metrics/storage", handleStorageStats);
