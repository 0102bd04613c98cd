import { Hono, type Context } from "hono";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import { renderMarkdown } from "../../core/markdown/render";
import {
  dashboardModelSchema,
  exportDashboard,
  unwrapImport,
  type DashboardModel,
} from "../../core/contracts/dashboards";
import { resolveLabelFilter, toMarkers } from "../../core/workspace/event-markers";
import type { AppEnv } from "../app-env";
import { formatZodError } from "../errors";
import { listChangeEvents } from "../../platform/db/change-events";
import {
  deleteDashboard,
  getDashboard,
  getDashboardVersion,
  insertDashboard,
  listDashboards,
  listDashboardVersions,
  saveDashboardVersion,
  setDashboardTeam,
  type Dashboard,
} from "../../platform/db/dashboards";
import { forgetItem, recordView } from "../../platform/db/user-items";
import { newId } from "../../platform/lib/crypto";
import { jsonBody, queryParams } from "../lib/validate";
import { assertMayActOn, assertMayMove, ownerFilter, ownerFilterQuery, setOwnerSchema } from "../lib/ownership";
import { resolveOwnerRefs } from "../lib/owner-refs";
import { requireScope } from "../middleware/auth";
import { isProvisionedId, provisionDashboards } from "../../platform/workspace/provision";
import { parseTime } from "../lib/time";

type C = Context<AppEnv>;

async function load(c: C, id: string): Promise<Dashboard> {
  let d = await getDashboard(c.env.DB, id);
  // A link to a shipped dashboard works even before anyone listed dashboards on a fresh install.
  if (!d && isProvisionedId(id) && (await provisionDashboards(c.env)).created.includes(id))
    d = await getDashboard(c.env.DB, id);
  if (!d) throw new ApiError("NOT_FOUND", `dashboard ${id} not found`);
  return d;
}

/** Editing, restoring or deleting a dashboard a team owns needs the editor role on that team. */
async function loadForEdit(c: C, id: string): Promise<Dashboard> {
  const d = await load(c, id);
  assertMayActOn(c, { teamId: d.teamId, teamName: d.team, what: `dashboard ${d.title}` });
  return d;
}

/** A new dashboard's owner: `team` (id, slug or name) in the body or `?team=` on an import. */
async function ownerOfNew(c: C, team: string | null | undefined): Promise<string | null> {
  const owner = await resolveOwnerRefs(c, { team });
  assertMayActOn(c, { teamId: owner.teamId, teamName: owner.team, what: "a dashboard for this team" });
  return owner.teamId;
}

async function create(c: C, model: DashboardModel, team: string | null | undefined) {
  const teamId = await ownerOfNew(c, team);
  const id = newId("dash");
  await insertDashboard(c.env.DB, { id, model, teamId, by: c.get("principal").userId, now: Date.now() });
  return c.json(await load(c, id), 201);
}

function parseModel(raw: unknown): DashboardModel {
  const r = dashboardModelSchema.safeParse(raw);
  if (!r.success) throw new ApiError("VALIDATION", formatZodError(r.error), r.error.issues.slice(0, 20));
  return r.data;
}

const saveSchema = z
  .object({
    model: z.unknown(),
    version: z.number().int().positive().optional(),
    message: z.string().max(500).optional(),
  })
  .strict();

const MAX_EVENT_WINDOW_MS = 31 * 24 * 3_600_000;

async function saveVersion(c: C, d: Dashboard, model: DashboardModel, expected: number, message?: string) {
  const v = await saveDashboardVersion(c.env.DB, {
    id: d.id,
    expectedVersion: expected,
    model,
    by: c.get("principal").userId,
    now: Date.now(),
    message,
  });
  if (v === null)
    throw new ApiError("CONFLICT", `dashboard ${d.id} changed since version ${expected}; reload and retry`);
  return c.json(await load(c, d.id));
}

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/dashboards", requireScope("read"), async (c) => {
    const teamIds = await ownerFilter(c, queryParams(c, ownerFilterQuery));
    await provisionDashboards(c.env);
    return c.json({ dashboards: await listDashboards(c.env.DB, { teamIds }) });
  })
  .post("/dashboards/provision", requireScope("write"), async (c) => c.json(await provisionDashboards(c.env)))
  .post("/dashboards", requireScope("write"), async (c) => {
    const body = await jsonBody(
      c,
      z.object({ model: z.unknown(), team: setOwnerSchema.shape.team.optional() }).strict(),
    );
    return create(c, parseModel(body.model), body.team);
  })
  .post("/dashboards/import", requireScope("write"), async (c) => {
    const { team } = queryParams(c, z.object({ team: z.string().trim().min(1).max(200).optional() }));
    return create(c, parseModel(unwrapImport(await jsonBody(c, z.unknown()))), team);
  })
  .get("/dashboards/:id", requireScope("read"), async (c) => {
    const d = await load(c, c.req.param("id"));
    await recordView(c.env.DB, c.get("principal").userId, "dashboard", d.id, d.title, Date.now());
    // Markdown panels come with inert HTML so no client ever renders the raw text itself.
    const markdownHtml = Object.fromEntries(
      d.model.panels.filter((p) => p.type === "markdown").map((p) => [p.id, renderMarkdown(p.content ?? "")]),
    );
    return c.json({ ...d, markdownHtml });
  })
  .put("/dashboards/:id", requireScope("write"), async (c) => {
    const body = await jsonBody(c, saveSchema);
    const d = await loadForEdit(c, c.req.param("id"));
    return saveVersion(c, d, parseModel(body.model), body.version ?? d.version, body.message);
  })
  .delete("/dashboards/:id", requireScope("write"), async (c) => {
    const id = c.req.param("id");
    // Provisioning would bring it straight back; say so instead of pretending it is gone.
    if (isProvisionedId(id))
      throw new ApiError(
        "CONFLICT",
        `dashboard ${id} is provisioned with Vigil and cannot be deleted; edit it or restore an earlier version instead`,
      );
    await loadForEdit(c, id);
    if (!(await deleteDashboard(c.env.DB, id))) throw new ApiError("NOT_FOUND", `dashboard ${id} not found`);
    await forgetItem(c.env.DB, "dashboard", id);
    return c.json({ deleted: id });
  })
  .put("/dashboards/:id/team", requireScope("write"), async (c) => {
    const { team } = await jsonBody(c, setOwnerSchema, 4096);
    const d = await load(c, c.req.param("id"));
    const owner = await assertMayMove(c, { teamId: d.teamId, teamName: d.team, what: `dashboard ${d.title}` }, team);
    await setDashboardTeam(c.env.DB, d.id, owner.teamId, c.get("principal").userId, Date.now());
    return c.json(await load(c, d.id));
  })
  .get("/dashboards/:id/export", requireScope("read"), async (c) => {
    const d = await load(c, c.req.param("id"));
    c.header(
      "content-disposition",
      `attachment; filename="${d.title.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80)}.json"`,
    );
    return c.json(exportDashboard(d.model, { id: d.id, version: d.version, exportedAt: Date.now() }));
  })
  .get("/dashboards/:id/versions", requireScope("read"), async (c) => {
    const d = await load(c, c.req.param("id"));
    return c.json({ current: d.version, versions: await listDashboardVersions(c.env.DB, d.id) });
  })
  .get("/dashboards/:id/versions/:version{[0-9]+}", requireScope("read"), async (c) => {
    const d = await load(c, c.req.param("id"));
    const model = await getDashboardVersion(c.env.DB, d.id, Number(c.req.param("version")));
    if (!model) throw new ApiError("NOT_FOUND", `dashboard ${d.id} has no version ${c.req.param("version")}`);
    return c.json({ version: Number(c.req.param("version")), model });
  })
  .post("/dashboards/:id/versions/:version{[0-9]+}/restore", requireScope("write"), async (c) => {
    const d = await loadForEdit(c, c.req.param("id"));
    const v = Number(c.req.param("version"));
    const model = await getDashboardVersion(c.env.DB, d.id, v);
    if (!model) throw new ApiError("NOT_FOUND", `dashboard ${d.id} has no version ${v}`);
    return saveVersion(c, d, model, d.version, `restored version ${v}`);
  })
  .get("/dashboards/:id/events", requireScope("read"), async (c) => {
    const d = await load(c, c.req.param("id"));
    const now = Date.now();
    const to = parseTime(c.req.query("to"), now, "to");
    const from = parseTime(c.req.query("from"), to - 3_600_000, "from");
    if (from > to) throw new ApiError("VALIDATION", "from must not be after to");
    if (to - from > MAX_EVENT_WINDOW_MS) throw new ApiError("VALIDATION", "the event window is limited to 31 days");
    const overlay = d.model.eventOverlay;
    if (!overlay || !overlay.enabled) return c.json({ markers: [], overlay: overlay ?? null });
    const vars: Record<string, string> = {};
    for (const v of d.model.variables) if (typeof v.current === "string") vars[v.name] = v.current;
    for (const [k, v] of Object.entries(c.req.query())) if (k.startsWith("var-")) vars[k.slice(4)] = v;
    const labels = resolveLabelFilter(overlay.labels, vars);
    const { events } = await listChangeEvents(c.env.DB, {
      from,
      to,
      category: overlay.categories,
      labels,
      limit: overlay.limit,
    });
    return c.json({ from, to, overlay, markers: toMarkers(events, overlay) });
  });
