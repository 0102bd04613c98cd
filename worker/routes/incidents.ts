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
import type { Context } from "hono";
import { incidentSettings, setIncidentSettings } from "../../platform/oncall/incident-settings";
import { incidentDetail, incidentViews } from "../../platform/oncall/incident-views";
import { attachAlert, commentOnIncident, openIncident, patchIncident } from "../../platform/oncall/incidents";
import { ackInputSchema } from "../../core/contracts/oncall";
import { getMonitor } from "../../platform/db/monitors";
import { eventStatement } from "../../platform/db/incidents";
import { newId } from "../../platform/lib/crypto";
import { setAcknowledged } from "../../platform/oncall/acknowledge";
import { startPostmortem } from "../../platform/oncall/postmortem";
import { publishQuietly } from "../../platform/live/publish";
import type { Env } from "../../platform/env";
import type { AppEnv } from "../app-env";
import { assertMayActOn } from "../lib/ownership";
import { requestPerson } from "../lib/person";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { groupFiringAlerts } from "../../platform/oncall/grouping";
import { serviceEdgesFrom } from "../../platform/oncall/service-edges";

async function detail(env: Env, id: string) {
  const inc = await getIncident(env.DB, id);
  if (!inc) throw new ApiError("NOT_FOUND", `incident ${id} not found`);
  return incidentDetail(env.DB, inc, serviceEdgesFrom(env));
}

/**
 * Acknowledge every firing, unacknowledged alert of an incident as the person asking, each through its monitor
 * (repeats stop, PagerDuty and Slack are told), where that person may respond; the others are listed with why.
 */
async function acknowledgeIncident(c: Context<AppEnv>, id: string, comment: string) {
  const inc = await getIncident(c.env.DB, id);
  if (!inc) throw new ApiError("NOT_FOUND", `incident ${id} not found`);
  const { alerts } = await incidentDetail(c.env.DB, inc);
  const person = await requestPerson(c);
  const by = { id: person.id, handle: person.handle, name: person.name };
  const acknowledged: string[] = [];
  const skipped: { alertId: string; reason: string }[] = [];
  for (const a of alerts) {
    if (a.state !== "firing" || a.ack) continue;
    const monitor = await getMonitor(c.env.DB, a.monitorId);
    try {
      assertMayActOn(
        c,
        { teamId: monitor?.teamId ?? null, teamName: monitor?.team, what: `alert ${a.monitorName}` },
        "responder",
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      skipped.push({ alertId: a.id, reason: e.message });
      continue;
    }
    const r = await setAcknowledged(c.env, a.id, "acknowledge", by, comment);
    if (r.changed) acknowledged.push(a.id);
  }
  if (acknowledged.length)
    await c.env.DB.batch([
      eventStatement(c.env.DB, id, {
        id: newId("ie"),
        kind: "acknowledged",
        at: Date.now(),
        by: c.get("principal").userId,
        data: { count: acknowledged.length, comment },
      }),
    ]);
  return { acknowledged, skipped };
}

/**
 * Incidents. Firing alerts are grouped (core/oncall/incidents.ts) on every read of incidents, so a list is never
 * behind the alerts it groups; people open, attach, comment and move status, severity and commander (scope respond).
 * Which labels group them is a workspace setting (admin); the settings routes come before `/incidents/:id`.
 * An incident is acknowledged through its alerts; a postmortem starts as a notebook (scope write).
 */
export const incidentRoutes = new Hono<AppEnv>()
  .get("/incidents/settings", requireScope("read"), async (c) => c.json(await incidentSettings(c.env.DB)))
  .put("/incidents/settings", requireScope("admin"), async (c) => {
    const input = await jsonBody(c, incidentSettingsSchema);
    await setIncidentSettings(c.env.DB, input, c.get("principal").userId, Date.now());
    return c.json(await incidentSettings(c.env.DB));
  })
  .get("/incidents", requireScope("read"), async (c) => {
    const q = queryParams(c, incidentListQuerySchema);
    await groupFiringAlerts(c.env.DB, Date.now(), serviceEdgesFrom(c.env));
    return c.json({ incidents: await incidentViews(c.env.DB, await listIncidents(c.env.DB, q)) });
  })
  .post("/incidents", requireScope("respond"), async (c) => {
    const input = await jsonBody(c, incidentCreateSchema);
    const id = await openIncident(c.env.DB, input, c.get("principal").userId, Date.now());
    const out = await detail(c.env, id);
    await publishQuietly(c.env, "alerts", { kind: "incident.opened", data: { incident: out.incident } });
    return c.json(out, 201);
  })
  .get("/incidents/:id", requireScope("read"), async (c) => {
    await groupFiringAlerts(c.env.DB, Date.now(), serviceEdgesFrom(c.env));
    return c.json(await detail(c.env, c.req.param("id")));
  })
  .patch("/incidents/:id", requireScope("respond"), async (c) => {
    const input = await jsonBody(c, incidentPatchSchema);
    await patchIncident(c.env.DB, c.req.param("id"), input, c.get("principal").userId, Date.now());
    const out = await detail(c.env, c.req.param("id"));
    await publishQuietly(c.env, "alerts", { kind: "incident.updated", data: { incident: out.incident } });
    return c.json(out);
  })
  .post("/incidents/:id/comments", requireScope("respond"), async (c) => {
    const { body } = await jsonBody(c, incidentCommentSchema);
    await commentOnIncident(c.env.DB, c.req.param("id"), body, c.get("principal").userId, Date.now());
    return c.json(await detail(c.env, c.req.param("id")), 201);
  })
  .post("/incidents/:id/acknowledge", requireScope("respond"), async (c) => {
    const { comment } = await jsonBody(c, ackInputSchema);
    const result = await acknowledgeIncident(c, c.req.param("id"), comment);
    const out = await detail(c.env, c.req.param("id"));
    if (result.acknowledged.length)
      await publishQuietly(c.env, "alerts", { kind: "incident.updated", data: { incident: out.incident } });
    return c.json({ ...out, ...result });
  })
  .post("/incidents/:id/postmortem", requireScope("write"), async (c) => {
    const started = await startPostmortem(
      c.env.DB,
      c.req.param("id"),
      c.get("principal").userId,
      Date.now(),
      serviceEdgesFrom(c.env),
    );
    if (!started) throw new ApiError("NOT_FOUND", `incident ${c.req.param("id")} not found`);
    return c.json(started, started.created ? 201 : 200);
  })
  .post("/incidents/:id/alerts", requireScope("respond"), async (c) => {
    const { alertId } = await jsonBody(c, incidentAttachSchema);
    if (!(await getIncident(c.env.DB, c.req.param("id"))))
      throw new ApiError("NOT_FOUND", `incident ${c.req.param("id")} not found`);
    await attachAlert(c.env.DB, c.req.param("id"), alertId, c.get("principal").userId, Date.now());
    return c.json(await detail(c.env, c.req.param("id")));
  });
