import type { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { alertmanagerRoutes } from "./alertmanager";
import { alertRoutes } from "./alerts";
import { ackRoutes } from "./acks";
import { commentRoutes } from "./comments";
import { liveRoutes } from "./live";
import { monitorRoutes } from "./monitors";
import { sloRoutes } from "./slos";
import { mutingRoutes } from "./muting";
import { inhibitRuleRoutes } from "./inhibit-rules";
import { incidentRoutes } from "./incidents";

/** Every alerting route group, mounted under /api with one line in worker/routes/index.ts. */
export function mountAlerting(app: Hono<AppEnv>): void {
  app.route("/api", monitorRoutes);
  app.route("/api", sloRoutes);
  app.route("/api", alertRoutes);
  app.route("/api", ackRoutes);
  app.route("/api", commentRoutes);
  app.route("/api", mutingRoutes);
  app.route("/api", inhibitRuleRoutes);
  app.route("/api", incidentRoutes);
  app.route("/api", alertmanagerRoutes);
  app.route("/api", liveRoutes);
}
