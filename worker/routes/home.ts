import { Hono } from "hono";
import { renderMarkdown } from "../../core/markdown/render";
import type { AppEnv } from "../app-env";
import { listChangeEvents } from "../../platform/db/change-events";
import { listFavorites, listRecent } from "../../platform/db/user-items";
import { recentAlerts, recentComments } from "../../platform/db/workspace-reads";
import { requireScope } from "../middleware/auth";

const DAY_MS = 24 * 3_600_000;

/** The home page in one call: what fired, what the user cares about, what changed. */
export const homeRoutes = new Hono<AppEnv>().get("/home", requireScope("read"), async (c) => {
  const user = c.get("principal").userId;
  const now = Date.now();
  const [alerts, favorites, comments, recent, changes] = await Promise.all([
    recentAlerts(c.env.DB, now - DAY_MS, 20),
    listFavorites(c.env.DB, user, 50),
    recentComments(c.env.DB, 10),
    listRecent(c.env.DB, user, 15),
    listChangeEvents(c.env.DB, { from: now - DAY_MS, to: now + DAY_MS, limit: 20 }),
  ]);
  return c.json({
    generatedAt: now,
    alerts,
    favorites,
    comments: comments.map((cm) => ({ ...cm, html: renderMarkdown(cm.body) })),
    recent,
    changes: changes.events,
  });
});
