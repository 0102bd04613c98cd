import type { Hono } from "hono";
import type { AppEnv } from "../env";

/** Each feature mounts its routes here, one line per feature (kept apart from app.ts so features do not collide). */
export function mountFeatureRoutes(app: Hono<AppEnv>): void {
  void app;
}
