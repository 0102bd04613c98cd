import { Hono } from "hono";
import { ApiError } from "../../core/contracts/errors";
import {
  incidentAttachSchema,
  incidentCommentSchema,
  incidentCreateSchema,
  incidentListQuerySchema,
  incidentPatchSchema,
  incidentSettingsSchema,
} from "../../core/contracts/incidents";
import { getIncident, listIncidents } from "../../platform/db/incidents";
import { incidentSettings, setIncidentGroupBy } from "../../platform/oncall/incident-settings";
import { incidentDetail, incidentViews } from "../../platform/oncall/incident-views";
import {
  attachAlert,
  commentOnIncident,
  groupFiringAlerts,
  openIncident,
  patchIncident,
} from "../../platform/oncall/incidents";
import { publishQuietly } from "../../platform/live/publish";
import type { AppEnv } from "../app-env";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

async function detail(db: D1Database, id: string) {
  const inc = await getIncident(db, id);
  if (!inc) throw new ApiError("NOT_FOUND", `incident ${id} not found`);
  return incidentDetail(db, inc);
}

/**
 * Incidents. Firing alerts are grouped (core/oncall/incidents.ts) on every read of incidents, so a list is never
 * behind the alerts it groups; people open, attach, comment and move status, severity and commander (scope respond).
 * Which labels group them is a workspace setting (admin); the settings routes come before `/incidents/:id`.
 */
export const incidentRoutes = new Hono<AppEnv>()
  .get("/incidents/settings", requireScope("read"), async (c) => c.json(await incidentSettings(c.env.DB)))
  .put("/incidents/settings", requireScope("admin"), async (c) => {
    const { groupBy } = await jsonBody(c, incidentSettingsSchema);
    await setIncidentGroupBy(c.env.DB, groupBy, c.get("principal").userId, Date.now());
    return c.json(await incidentSettings(c.env.DB));
  })
  .get("/incidents", requireScope("read"), async (c) => {
    const q = queryParams(c, incidentListQuerySchema);
    await groupFiringAlerts(c.env.DB, Date.now());
    return c.json({ incidents: await incidentViews(c.env.DB, await listIncidents(c.env.DB, q)) });
  })
  .post("/incidents", requireScope("respond"), async (c) => {
    const input = await jsonBody(c, incidentCreateSchema);
    const id = await openIncident(c.env.DB, input, c.get("principal").userId, Date.now());
    const out = await detail(c.env.DB, id);
    await publishQuietly(c.env, "alerts", { kind: "incident.opened", data: { incident: out.incident } });
    return c.json(out, 201);
  })
  .get("/incidents/:id", requireScope("read"), async (c) => {
    await groupFiringAlerts(c.env.DB, Date.now());
    return c.json(await detail(c.env.DB, c.req.param("id")));
  })
  .patch("/incidents/:id", requireScope("respond"), async (c) => {
    const input = await jsonBody(c, incidentPatchSchema);
    await patchIncident(c.env.DB, c.req.param("id"), input, c.get("principal").userId, Date.now());
    const out = await detail(c.env.DB, c.req.param("id"));
    await publishQuietly(c.env, "alerts", { kind: "incident.updated", data: { incident: out.incident } });
    return c.json(out);
  })
  .post("/incidents/:id/comments", requireScope("respond"), async (c) => {
    const { body } = await jsonBody(c, incidentCommentSchema);
    await commentOnIncident(c.env.DB, c.req.param("id"), body, c.get("principal").userId, Date.now());
    return c.json(await detail(c.env.DB, c.req.param("id")), 201);
  })
  .post("/incidents/:id/alerts", requireScope("respond"), async (c) => {
    const { alertId } = await jsonBody(c, incidentAttachSchema);
    if (!(await getIncident(c.env.DB, c.req.param("id"))))
      throw new ApiError("NOT_FOUND", `incident ${c.req.param("id")} not found`);
    await attachAlert(c.env.DB, c.req.param("id"), alertId, c.get("principal").userId, Date.now());
    return c.json(await detail(c.env.DB, c.req.param("id")));
  });
