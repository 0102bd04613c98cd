import type { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { workspaceRoutes } from "./workspace";
import { ingestMetricsRoutes } from "./ingest-metrics";
import { ddxRoutes } from "./ddx";
import { mountAlerting } from "./alerting";
import { promApiRoutes } from "./prom-api";
import { mountTelemetryRoutes } from "./traces";
import { shardMapRoutes } from "./shard-map";

/** Each feature mounts its routes here, one line per feature (kept apart from app.ts so features do not collide). */
export function mountFeatureRoutes(app: Hono<AppEnv>): void {
  app.route("/api", workspaceRoutes);
  app.route("/", ingestMetricsRoutes);
  app.route("/api", ddxRoutes);
  mountAlerting(app);
  mountTelemetryRoutes(app);
  app.route("/", promApiRoutes);
  app.route("/api", shardMapRoutes);
}
