import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import { listChangeEvents } from "../../platform/db/change-events";
import { listDashboards } from "../../platform/db/dashboards";
import { listVisibleNotebooks } from "../../platform/db/notebooks";
import { teamIdsOf } from "../../core/people/roles";
import { likePattern, searchMonitors, searchServices } from "../../platform/db/workspace-reads";
import { requireScope } from "../middleware/auth";
import { provisionDashboards } from "../../platform/workspace/provision";
import { rankHits, type SearchHit } from "../../core/workspace/search-rank";

const querySchema = z.object({
  q: z.string().trim().min(1, "q is required").max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Global search for the Ctrl/Cmd+K palette. Notebooks are searched among those the caller may see. */
export const searchRoutes = new Hono<AppEnv>().get("/search", requireScope("read"), async (c) => {
  const parsed = querySchema.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError("VALIDATION", parsed.error.issues.map((i) => i.message).join("; "));
  const { q, limit } = parsed.data;
  await provisionDashboards(c.env);
  const like = likePattern(q);
  const [monitors, dashboards, services, notebooks, changes] = await Promise.all([
    searchMonitors(c.env.DB, q, limit),
    listDashboards(c.env.DB, { like, limit }),
    searchServices(c.env.DB, q, limit),
    listVisibleNotebooks(c.env.DB, {
      userId: c.get("principal").userId,
      memberOf: teamIdsOf(c.get("principal")),
      like,
      limit,
    }),
    listChangeEvents(c.env.DB, { text: q, limit }),
  ]);
  const hits: SearchHit[] = [
    ...monitors.map((m) => ({
      kind: "monitor" as const,
      id: m.id,
      title: m.name,
      subtitle: m.slug,
      url: `/monitors/${encodeURIComponent(m.slug)}`,
    })),
    ...dashboards.map((d) => ({
      kind: "dashboard" as const,
      id: d.id,
      title: d.title,
      subtitle: d.tags.join(", "),
      url: `/dashboards/${encodeURIComponent(d.id)}`,
    })),
    ...services.map((s) => ({ kind: "service" as const, id: s, title: s, url: `/services/${encodeURIComponent(s)}` })),
    ...notebooks.map((n) => ({
      kind: "notebook" as const,
      id: n.id,
      title: n.title,
      subtitle: `${n.cellCount} cells`,
      url: `/notebooks/${encodeURIComponent(n.id)}`,
    })),
    ...changes.events.map((e) => ({
      kind: "change_event" as const,
      id: e.id,
      title: e.title,
      subtitle: `${e.category} · ${e.source} · ${new Date(e.happenedAt).toISOString()}`,
      url: `/changes/${encodeURIComponent(e.id)}`,
      at: e.happenedAt,
    })),
  ];
  return c.json({ q, results: rankHits(hits, q).slice(0, limit * 3) });
});
