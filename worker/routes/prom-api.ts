// The Prometheus HTTP API (read side), as Grafana's Prometheus data source calls it. Scope: read.
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireScope } from "../middleware/auth";
import * as h from "../prom/handlers";
import { PromParams } from "../prom/params";
import { promHandler } from "../prom/respond";
import * as status from "../prom/status";

const read = requireScope("read");
const both = (app: Hono<AppEnv>, path: string, handler: Parameters<typeof promHandler>[0]) =>
  app.use(path, read).get(path, promHandler(handler)).post(path, promHandler(handler));

/** Mounted at "/": paths are listed one by one so the ingest-scoped /api/v1/write stays untouched. */
export const promApiRoutes = new Hono<AppEnv>();
both(promApiRoutes, "/api/v1/query", h.query);
both(promApiRoutes, "/api/v1/query_range", h.queryRange);
both(promApiRoutes, "/api/v1/series", h.series);
both(promApiRoutes, "/api/v1/labels", h.labels);
both(promApiRoutes, "/api/v1/label/:name/values", h.labelValues);
both(promApiRoutes, "/api/v1/metadata", h.metadata);
both(promApiRoutes, "/api/v1/status/buildinfo", h.buildInfo);
both(promApiRoutes, "/api/v1/format_query", h.formatQuery);
both(promApiRoutes, "/api/v1/query_exemplars", h.exemplars);
// Alerting rules and alerts are Vigil's monitors; targets and status describe Vigil as it is.
both(promApiRoutes, "/api/v1/rules", async (c) => status.rules(c, await PromParams.from(c.req.raw)));
both(promApiRoutes, "/api/v1/alerts", status.alerts);
both(promApiRoutes, "/api/v1/targets", status.targets);
both(promApiRoutes, "/api/v1/status/config", status.statusConfig);
both(promApiRoutes, "/api/v1/status/flags", status.statusFlags);
both(promApiRoutes, "/api/v1/status/runtimeinfo", status.statusRuntimeInfo);
both(promApiRoutes, "/api/v1/status/tsdb", status.statusTsdb);
both(promApiRoutes, "/api/v1/status/walreplay", status.statusWalReplay);
