import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { alertmanagerRoutes } from "../routes/alertmanager";
import { alertRoutes } from "../routes/alerts";
import { commentRoutes } from "../routes/comments";
import { liveRoutes } from "../routes/live";
import { monitorRoutes } from "../routes/monitors";
import { mutingRoutes } from "../routes/muting";

/** Every alerting route group, mounted under /api with one line in worker/routes/index.ts. */
export function mountAlerting(app: Hono<AppEnv>): void {
  app.route("/api", monitorRoutes);
  app.route("/api", alertRoutes);
  app.route("/api", commentRoutes);
  app.route("/api", mutingRoutes);
  app.route("/api", alertmanagerRoutes);
  app.route("/api", liveRoutes);
}
