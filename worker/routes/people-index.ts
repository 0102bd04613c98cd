import type { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { peopleRoutes } from "./people";
import { pushAckRoutes, pushKeyRoutes, pushRoutes } from "./push";
import { teamRoutes } from "./teams";

/** People and teams (issue 20): sign-in, sessions, users, teams, collections, the audit log. */
export function mountPeopleRoutes(app: Hono<AppEnv>): void {
  app.route("/api", authRoutes);
  app.route("/api", peopleRoutes);
  app.route("/api", teamRoutes);
  app.route("/api", auditRoutes);
  app.route("/api", pushRoutes);
  app.route("/api", pushKeyRoutes);
  app.route("/api", pushAckRoutes);
}
