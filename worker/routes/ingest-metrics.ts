import { Hono } from "hono";
import type { AppEnv } from "../env";
import { requireScope } from "../middleware/auth";
import { handleRemoteWrite } from "../metrics/remote-write";
import { handleOtlpMetrics } from "../metrics/otlp";
import { handleStorageStats } from "../metrics/storage-stats";

/** Metrics ingest: Prometheus remote_write and OTLP/HTTP metrics (scope `ingest`), plus storage figures (`read`). */
export const ingestMetricsRoutes = new Hono<AppEnv>()
  .use("/api/v1/write", requireScope("ingest"))
  .post("/api/v1/write", handleRemoteWrite)
  .use("/v1/metrics", requireScope("ingest"))
  .post("/v1/metrics", handleOtlpMetrics)
  .use("/api/metrics/storage", requireScope("read"))
  .get("/api/metrics/storage", handleStorageStats);
