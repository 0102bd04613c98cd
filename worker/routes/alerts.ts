import { Hono } from "hono";
import { alertListQuerySchema, resolutionNoteSchema } from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import { alertDeliveries, alertHistory, getAlert, listAlerts, setResolutionNote } from "../../platform/db/alerts";
import { listComments } from "../../platform/db/comments";
import { incidentOfAlert } from "../../platform/db/incidents";
import { groupFiringAlerts } from "../../platform/oncall/grouping";
import { serviceEdgesFrom } from "../../platform/oncall/service-edges";
import { monitorStub } from "../../platform/alerting/monitor-def";
import { getMonitor } from "../../platform/db/monitors";
import { getMonitorHealth } from "../../platform/db/monitor-health";
import type { HealthView } from "../../core/alerting/health";
import { isOpen } from "../../core/alerting/types";
import { listChangeEvents } from "../../platform/db/change-events";
import type { AppEnv } from "../app-env";
import { publishQuietly } from "../../platform/live/publish";
import { assertMayActOn } from "../lib/ownership";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

/** Change events this long before an alert started count as correlated (the deploy two minutes earlier). */
const CORRELATION_LEAD_MS = 60 * 60_000;

async function mustGet(db: D1Database, id: string) {
  const a = await getAlert(db, id);
  if (!a) throw new ApiError("NOT_FOUND", `alert ${id} not found`);
  return a;
}

/** Firing and recent alerts across monitors, one alert's details and history, and its resolution note. */
export const alertRoutes = new Hono<AppEnv>()
  .get("/alerts", requireScope("read"), async (c) =>
    c.json({ alerts: await listAlerts(c.env.DB, queryParams(c, alertListQuerySchema)) }),
  )
  .get("/alerts/:id", requireScope("read"), async (c) => {
    const alert = await mustGet(c.env.DB, c.req.param("id"));
    if (alert.state === "firing") await groupFiringAlerts(c.env.DB, Date.now(), serviceEdgesFrom(c.env));
    const end = alert.resolvedAt ?? Date.now();
    const [monitor, history, deliveries, comments, changes] = await Promise.all([
      getMonitor(c.env.DB, alert.monitorId),
      alertHistory(c.env.DB, alert.id),
      alertDeliveries(c.env.DB, alert.id),
      listComments(c.env.DB, "alert", alert.id),
      listChangeEvents(c.env.DB, { from: alert.startedAt - CORRELATION_LEAD_MS, to: end, limit: 100 }),
    ]);
    // What the evaluator saw at its last check, for this alert's signal only.
    let evaluator: {
      at: number;
      error: string | null;
      samples: { labels: Record<string, string>; value: number }[];
    } | null = null;
    let monitorHealth: HealthView | null = null;
    if (monitor && alert.state !== "resolved") {
      const snap = await monitorStub(c.env, monitor.id).snapshot();
      monitorHealth = snap.health;
      const lc = snap.lastCheck;
      if (lc) {
        const match = (l: Record<string, string>) =>
          Object.entries(alert.signalLabels).every(([k, v]) => (l[k] ?? "") === v);
        evaluator = { at: lc.at, error: lc.error, samples: lc.samples.filter((s) => match(s.labels)) };
      }
    }
    // Only while it is active (pending, firing, or nodata with its page open): a resolved alert is held by nothing.
    const open = alert.state === "pending" || isOpen(alert.state);
    const inhibitors = open
      ? (await Promise.all((alert.inhibitedBy ?? []).map((id) => getAlert(c.env.DB, id)))).flatMap((s) =>
          s ? [{ id: s.id, monitorName: s.monitorName, state: s.state, labels: s.labels }] : [],
        )
      : [];
    return c.json({
      alert,
      inhibitors,
      incident: await incidentOfAlert(c.env.DB, alert.id),
      monitor: monitor && {
        id: monitor.id,
        slug: monitor.slug,
        name: monitor.name,
        query: monitor.query,
        unit: monitor.unit ?? "",
        intervalSeconds: monitor.intervalSeconds,
      },
      thresholds: monitor?.conditions ?? [],
      window: { from: alert.startedAt - CORRELATION_LEAD_MS, to: end },
      history,
      deliveries,
      comments,
      changeEvents: changes.events.filter(
        (e) => !(e.category === "alerts" && e.payload && (e.payload as { alertId?: string }).alertId === alert.id),
      ),
      evaluator,
      // Live from the evaluator while the alert is open, else as last mirrored.
      monitorHealth: monitorHealth ?? (monitor ? await getMonitorHealth(c.env.DB, monitor.id) : null),
    });
  })
  .get("/alerts/:id/history", requireScope("read"), async (c) => {
    const alert = await mustGet(c.env.DB, c.req.param("id"));
    return c.json({
      history: await alertHistory(c.env.DB, alert.id),
      deliveries: await alertDeliveries(c.env.DB, alert.id),
    });
  })
  // The note is part of the owning team's record of the alert: like acknowledging, it needs a responder there.
  .put("/alerts/:id/resolution-note", requireScope("respond"), async (c) => {
    const alert = await mustGet(c.env.DB, c.req.param("id"));
    const monitor = await getMonitor(c.env.DB, alert.monitorId);
    assertMayActOn(
      c,
      { teamId: monitor?.teamId ?? null, teamName: monitor?.team, what: `alert ${alert.monitorName}` },
      "responder",
    );
    const { note } = await jsonBody(c, resolutionNoteSchema);
    const by = c.get("principal").userId;
    const at = Date.now();
    await setResolutionNote(c.env.DB, alert.id, note, by, at);
    await publishQuietly(c.env, ["alerts", `monitor:${alert.monitorId}`], {
      kind: "alert.resolution_note",
      data: { alertId: alert.id, note, by, at },
    });
    return c.json({ alertId: alert.id, resolutionNote: { note, by, at } });
  });
