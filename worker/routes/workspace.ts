import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { changeEventRoutes } from "./change-events";
import { dashboardRoutes } from "./dashboards";
import { favoriteRoutes } from "./favorites";
import { homeRoutes } from "./home";
import { panelSnapshotRoutes } from "./panel-snapshots";
import { sharedNotebookRoutes, shareRoutes } from "./notebook-shares";
import { notebookRoutes } from "./notebooks";
import { scopeRoutes } from "./scope";
import { searchRoutes } from "./search";
import { webhookRoutes } from "./webhooks";

/** The workspace feature (issue 6): every route group, mounted under /api by one line in routes/index.ts. */
export const workspaceRoutes = new Hono<AppEnv>()
  .route("/", changeEventRoutes)
  .route("/", dashboardRoutes)
  .route("/", panelSnapshotRoutes)
  .route("/", notebookRoutes)
  .route("/", shareRoutes)
  .route("/", sharedNotebookRoutes)
  .route("/", scopeRoutes)
  .route("/", favoriteRoutes)
  .route("/", homeRoutes)
  .route("/", searchRoutes)
  .route("/", webhookRoutes);
