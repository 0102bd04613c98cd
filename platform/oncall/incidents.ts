import { ApiError } from "../../core/contracts/errors";
import type { IncidentCreate, IncidentPatch } from "../../core/contracts/incidents";
import type { IncidentSeverity, TimelineEntry } from "../../core/oncall/incidents";
import { getAlert } from "../db/alerts";
import {
  attachStatement,
  eventStatement,
  getIncident,
  incidentOfAlert,
  insertIncident,
  type StoredIncident,
  updateIncidentStatement,
} from "../db/incidents";
import { findUser } from "../db/users";
import { newId } from "../lib/crypto";

const event = (kind: string, at: number, by: string | null, data: Record<string, unknown>) => ({
  id: newId("ie"),
  kind,
  at,
  by,
  data,
});

async function commanderId(db: D1Database, ref: string | null | undefined): Promise<string | null> {
  if (ref === null || ref === undefined) return null;
  const u = await findUser(db, ref);
  if (!u) throw new ApiError("VALIDATION", `commander: no user ${ref}`);
  return u.id;
}

/** Attach an alert and say so on the timeline (`why`: the grouping rule that placed it); false when it was in one. */
export async function joinAlert(
  db: D1Database,
  incidentId: string,
  alertId: string,
  name: string,
  at: number,
  by: string,
  why: Record<string, unknown> = {},
) {
  const [res] = await db.batch([attachStatement(db, alertId, incidentId, at, by)]);
  if ((res.meta.changes ?? 0) > 0)
    await db.batch([
      eventStatement(
        db,
        incidentId,
        event("alert_joined", at, by === "grouping" ? null : by, { alertId, monitorName: name, ...why }),
      ),
    ]);
  return (res.meta.changes ?? 0) > 0;
}

/** Attach an alert by hand: 404 for an unknown alert, 409 when it already belongs to another incident. */
export async function attachAlert(db: D1Database, incidentId: string, alertId: string, by: string, now: number) {
  const alert = await getAlert(db, alertId);
  if (!alert) throw new ApiError("NOT_FOUND", `alert ${alertId} not found`);
  const current = await incidentOfAlert(db, alertId);
  if (current && current.id !== incidentId)
    throw new ApiError("CONFLICT", `alert ${alertId} already belongs to incident ${current.id} (${current.title})`);
  if (!current) await joinAlert(db, incidentId, alertId, alert.monitorName, now, by);
}

export async function openIncident(db: D1Database, input: IncidentCreate, by: string, now: number) {
  const alerts = [];
  for (const id of input.alertIds) {
    const a = await getAlert(db, id);
    if (!a) throw new ApiError("NOT_FOUND", `alert ${id} not found`);
    const current = await incidentOfAlert(db, id);
    if (current)
      throw new ApiError("CONFLICT", `alert ${id} already belongs to incident ${current.id} (${current.title})`);
    alerts.push(a);
  }
  const worst: IncidentSeverity = alerts.some((a) => a.severity === "critical") ? "sev2" : "sev3";
  const inc: StoredIncident = {
    id: newId("inc"),
    title: input.title ?? alerts[0].monitorName,
    status: "investigating",
    severity: input.severity ?? worst,
    commander: await commanderId(db, input.commander),
    groupKey: null,
    openedBy: by,
    openedAt: now,
    resolvedAt: null,
    updatedAt: now,
  };
  await insertIncident(db, inc);
  await db.batch([eventStatement(db, inc.id, event("opened", now, by, { title: inc.title, severity: inc.severity }))]);
  for (const a of alerts) await joinAlert(db, inc.id, a.id, a.monitorName, now, by);
  return inc.id;
}

/** Apply a change; each changed field is one timeline entry. Resolving stamps resolvedAt; reopening clears it. */
export async function patchIncident(db: D1Database, id: string, p: IncidentPatch, by: string, now: number) {
  const old = await getIncident(db, id);
  if (!old) throw new ApiError("NOT_FOUND", `incident ${id} not found`);
  const next: StoredIncident = { ...old, updatedAt: now };
  const events: TimelineEntry[] = [];
  if (p.title !== undefined && p.title !== old.title) {
    next.title = p.title;
    events.push({ at: now, kind: "title", by, data: { from: old.title, to: p.title } });
  }
  if (p.status !== undefined && p.status !== old.status) {
    next.status = p.status;
    next.resolvedAt = p.status === "resolved" ? now : null;
    events.push({ at: now, kind: "status", by, data: { from: old.status, to: p.status, note: p.note ?? "" } });
  } else if (p.note) throw new ApiError("VALIDATION", "note: give it with a status change (or post a comment)");
  if (p.severity !== undefined && p.severity !== old.severity) {
    next.severity = p.severity;
    events.push({ at: now, kind: "severity", by, data: { from: old.severity, to: p.severity } });
  }
  if (p.commander !== undefined) {
    const c = await commanderId(db, p.commander);
    if (c !== old.commander) {
      next.commander = c;
      events.push({ at: now, kind: "commander", by, data: { from: old.commander, to: c } });
    }
  }
  if (!events.length) return;
  // A reopened group incident may collide with a newer open one of the same group: say so instead of failing.
  try {
    await db.batch([
      updateIncidentStatement(db, next),
      ...events.map((e) => eventStatement(db, id, { ...e, id: newId("ie") })),
    ]);
  } catch (err) {
    if (String(err).includes("UNIQUE"))
      throw new ApiError("CONFLICT", "another open incident already groups these alerts; reopen is refused");
    throw err;
  }
}

export async function commentOnIncident(db: D1Database, id: string, body: string, by: string, now: number) {
  if (!(await getIncident(db, id))) throw new ApiError("NOT_FOUND", `incident ${id} not found`);
  await db.batch([eventStatement(db, id, event("comment", now, by, { body }))]);
}
