import type { Labels, Transition } from "../../core/alerting/types";
import type { AckPerson } from "../../core/oncall/ack";

/** What an alert row shows of its acknowledgement. */
export interface AlertAck {
  by: AckPerson;
  at: number;
  comment: string;
}

/** One alert instance as listed by the API and mirrored from its MonitorObject. */
export interface AlertRecord {
  id: string;
  monitorId: string;
  monitorSlug: string;
  monitorName: string;
  signalKey: string;
  signalLabels: Labels;
  labels: Labels;
  annotations: Record<string, string>;
  severity: "critical" | "warning";
  state: "ok" | "pending" | "firing" | "nodata" | "resolved";
  /** When its data went missing while firing (state nodata). */
  noDataSince: number | null;
  muted: boolean;
  flapping: boolean;
  startedAt: number;
  firingAt: number | null;
  resolvedAt: number | null;
  lastValue: number | null;
  updatedAt: number;
  /** Someone is on it (core/oncall/ack.ts); null when not acknowledged. */
  ack: AlertAck | null;
  /** The firing alerts holding this one back by inhibition (core/oncall/inhibit.ts); empty when none. */
  inhibitedBy?: string[];
}

export interface AlertView extends AlertRecord {
  resolutionNote: { note: string; by: string; at: number } | null;
}

interface Row {
  id: string;
  monitor_id: string;
  monitor_slug: string;
  monitor_name: string;
  signal_key: string;
  signal_labels: string;
  labels: string;
  annotations: string;
  severity: AlertRecord["severity"];
  state: AlertRecord["state"];
  muted: number;
  flapping: number;
  started_at: number;
  firing_at: number | null;
  resolved_at: number | null;
  last_value: number | null;
  updated_at: number;
  ack: string | null;
  nodata_since: number | null;
  inhibited_by?: string | null;
  resolution_note: string | null;
  resolution_note_by: string | null;
  resolution_note_at: number | null;
}

const toView = (r: Row): AlertView => ({
  id: r.id,
  monitorId: r.monitor_id,
  monitorSlug: r.monitor_slug,
  monitorName: r.monitor_name,
  signalKey: r.signal_key,
  signalLabels: JSON.parse(r.signal_labels),
  labels: JSON.parse(r.labels),
  annotations: JSON.parse(r.annotations),
  severity: r.severity,
  state: r.state,
  noDataSince: r.nodata_since ?? null,
  muted: r.muted === 1,
  flapping: r.flapping === 1,
  startedAt: r.started_at,
  firingAt: r.firing_at,
  resolvedAt: r.resolved_at,
  lastValue: r.last_value,
  updatedAt: r.updated_at,
  ack: r.ack ? (JSON.parse(r.ack) as AlertAck) : null,
  inhibitedBy: r.inhibited_by ? (JSON.parse(r.inhibited_by) as string[]) : [],
  resolutionNote:
    r.resolution_note === null
      ? null
      : { note: r.resolution_note, by: r.resolution_note_by ?? "", at: r.resolution_note_at ?? 0 },
});

/** Idempotent: alert rows are upserts, transitions have deterministic ids. Safe to repeat after a crash. */
export function mirrorStatements(
  db: D1Database,
  alerts: AlertRecord[],
  transitions: Transition[],
  monitorId: string,
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (const a of alerts) {
    out.push(
      db
        .prepare(
          `INSERT INTO alerts (id, monitor_id, monitor_slug, monitor_name, signal_key, signal_labels, labels, annotations, severity, state, muted, flapping,
             started_at, firing_at, resolved_at, last_value, updated_at, nodata_since)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET state = excluded.state, muted = excluded.muted, flapping = excluded.flapping,
             nodata_since = excluded.nodata_since,
             firing_at = COALESCE(alerts.firing_at, excluded.firing_at), resolved_at = excluded.resolved_at, last_value = excluded.last_value,
             annotations = excluded.annotations, labels = excluded.labels, updated_at = excluded.updated_at
           WHERE excluded.updated_at >= alerts.updated_at`,
        )
        .bind(
          a.id,
          a.monitorId,
          a.monitorSlug,
          a.monitorName,
          a.signalKey,
          JSON.stringify(a.signalLabels),
          JSON.stringify(a.labels),
          JSON.stringify(a.annotations),
          a.severity,
          a.state,
          a.muted ? 1 : 0,
          a.flapping ? 1 : 0,
          a.startedAt,
          a.firingAt,
          a.resolvedAt,
          a.lastValue,
          a.updatedAt,
          a.noDataSince,
        ),
    );
    // Its own statement (same batch): the acknowledgement follows the same "not older than the row" rule.
    out.push(
      db
        .prepare("UPDATE alerts SET ack = ?, inhibited_by = COALESCE(?, inhibited_by) WHERE id = ? AND updated_at <= ?")
        .bind(
          a.ack ? JSON.stringify(a.ack) : null,
          a.inhibitedBy ? JSON.stringify(a.inhibitedBy) : null,
          a.id,
          a.updatedAt,
        ),
    );
  }
  for (const t of transitions) {
    out.push(
      db
        .prepare(
          "INSERT OR IGNORE INTO alert_transitions (id, alert_id, monitor_id, from_state, to_state, at, value, flapping) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(t.id, t.alertId, monitorId, t.from, t.to, t.at, t.value, t.flapping ? 1 : 0),
    );
  }
  return out;
}

export async function listAlerts(
  db: D1Database,
  q: {
    state: "firing" | "nodata" | "pending" | "resolved" | "active" | "all";
    monitorId?: string;
    since?: number;
    limit: number;
  },
): Promise<AlertView[]> {
  const where: string[] = ["state != 'ok'"];
  const args: unknown[] = [];
  if (q.state === "active") where.push("state IN ('pending','firing','nodata')");
  else if (q.state !== "all") where.push("state = ?"), args.push(q.state);
  if (q.monitorId) where.push("monitor_id = ?"), args.push(q.monitorId);
  if (q.since !== undefined) where.push("(resolved_at IS NULL OR resolved_at >= ?)"), args.push(q.since);
  const sql = `SELECT * FROM alerts WHERE ${where.join(" AND ")} ORDER BY CASE state WHEN 'firing' THEN 0 WHEN 'nodata' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END, started_at DESC LIMIT ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...args, q.limit)
    .all<Row>();
  return results.map(toView);
}

export async function getAlert(db: D1Database, id: string): Promise<AlertView | null> {
  const r = await db.prepare("SELECT * FROM alerts WHERE id = ?").bind(id).first<Row>();
  return r ? toView(r) : null;
}

export async function alertHistory(
  db: D1Database,
  id: string,
): Promise<{ id: string; from: string; to: string; at: number; value: number | null; flapping: boolean }[]> {
  const { results } = await db
    .prepare("SELECT * FROM alert_transitions WHERE alert_id = ? ORDER BY at, id LIMIT 1000")
    .bind(id)
    .all<{ id: string; from_state: string; to_state: string; at: number; value: number | null; flapping: number }>();
  return results.map((r) => ({
    id: r.id,
    from: r.from_state,
    to: r.to_state,
    at: r.at,
    value: r.value,
    flapping: r.flapping === 1,
  }));
}

export async function alertDeliveries(db: D1Database, id: string): Promise<Record<string, unknown>[]> {
  const { results } = await db
    .prepare("SELECT * FROM notification_deliveries WHERE alert_id = ? ORDER BY at, id LIMIT 1000")
    .bind(id)
    .all<Record<string, unknown>>();
  return results;
}

export async function setResolutionNote(
  db: D1Database,
  id: string,
  note: string,
  by: string,
  at: number,
): Promise<boolean> {
  const r = await db
    .prepare("UPDATE alerts SET resolution_note = ?, resolution_note_by = ?, resolution_note_at = ? WHERE id = ?")
    .bind(note, by, at, id)
    .run();
  return (r.meta.changes ?? 0) > 0;
}

/** Alerts alive at any time in [since, now]: current ones and those resolved since. For the mute preview. */
export async function alertsSince(db: D1Database, since: number, limit = 2000): Promise<AlertView[]> {
  const { results } = await db
    .prepare(
      "SELECT * FROM alerts WHERE state != 'ok' AND (resolved_at IS NULL OR resolved_at >= ?) ORDER BY started_at DESC LIMIT ?",
    )
    .bind(since, limit)
    .all<Row>();
  return results.map(toView);
}
