import type { IncidentSeverity, IncidentStatus, TimelineEntry } from "../../core/oncall/incidents";

export interface StoredIncident {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  commander: string | null;
  groupKey: string | null;
  openedBy: string;
  openedAt: number;
  resolvedAt: number | null;
  updatedAt: number;
}

export interface IncidentCounts {
  alertCount: number;
  firingCount: number;
}

interface Row {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  commander: string | null;
  group_key: string | null;
  opened_by: string;
  opened_at: number;
  resolved_at: number | null;
  updated_at: number;
  alert_count?: number;
  firing_count?: number;
}

const toIncident = (r: Row): StoredIncident & IncidentCounts => ({
  id: r.id,
  title: r.title,
  status: r.status,
  severity: r.severity,
  commander: r.commander,
  groupKey: r.group_key,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  resolvedAt: r.resolved_at,
  updatedAt: r.updated_at,
  alertCount: r.alert_count ?? 0,
  firingCount: r.firing_count ?? 0,
});

const WITH_COUNTS = `SELECT i.*,
  (SELECT COUNT(*) FROM incident_alerts x WHERE x.incident_id = i.id) AS alert_count,
  (SELECT COUNT(*) FROM incident_alerts x JOIN alerts a ON a.id = x.alert_id WHERE x.incident_id = i.id AND a.state = 'firing') AS firing_count
  FROM incidents i`;

/** Insert; false when an open incident already holds this group (the unique index decided a race). */
export async function insertIncident(db: D1Database, i: StoredIncident): Promise<boolean> {
  const res = await db
    .prepare(
      `INSERT OR IGNORE INTO incidents (id, title, status, severity, commander, group_key, opened_by, opened_at, resolved_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      i.id,
      i.title,
      i.status,
      i.severity,
      i.commander,
      i.groupKey,
      i.openedBy,
      i.openedAt,
      i.resolvedAt,
      i.updatedAt,
    )
    .run();
  return (res.meta.changes ?? 0) > 0;
}

export async function getIncident(db: D1Database, id: string): Promise<(StoredIncident & IncidentCounts) | null> {
  const r = await db.prepare(`${WITH_COUNTS} WHERE i.id = ?`).bind(id).first<Row>();
  return r ? toIncident(r) : null;
}

export async function listIncidents(
  db: D1Database,
  q: { status: "open" | "resolved" | "all"; limit: number },
): Promise<(StoredIncident & IncidentCounts)[]> {
  const where =
    q.status === "open" ? "WHERE i.status != 'resolved'" : q.status === "resolved" ? "WHERE i.status = 'resolved'" : "";
  const { results } = await db
    .prepare(`${WITH_COUNTS} ${where} ORDER BY i.opened_at DESC LIMIT ?`)
    .bind(q.limit)
    .all<Row>();
  return results.map(toIncident);
}

export async function openIncidentOfGroup(db: D1Database, groupKey: string): Promise<string | null> {
  const r = await db
    .prepare("SELECT id FROM incidents WHERE group_key = ? AND status != 'resolved'")
    .bind(groupKey)
    .first<{ id: string }>();
  return r?.id ?? null;
}

export function updateIncidentStatement(db: D1Database, i: StoredIncident): D1PreparedStatement {
  return db
    .prepare(
      "UPDATE incidents SET title = ?, status = ?, severity = ?, commander = ?, resolved_at = ?, updated_at = ? WHERE id = ?",
    )
    .bind(i.title, i.status, i.severity, i.commander, i.resolvedAt, i.updatedAt, i.id);
}

export function eventStatement(db: D1Database, incidentId: string, e: TimelineEntry & { id: string }) {
  return db
    .prepare("INSERT OR IGNORE INTO incident_events (id, incident_id, at, kind, by, data) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(e.id, incidentId, e.at, e.kind, e.by ?? "", JSON.stringify(e.data));
}

export function attachStatement(db: D1Database, alertId: string, incidentId: string, at: number, by: string) {
  return db
    .prepare("INSERT OR IGNORE INTO incident_alerts (alert_id, incident_id, joined_at, joined_by) VALUES (?, ?, ?, ?)")
    .bind(alertId, incidentId, at, by);
}

export async function listEvents(db: D1Database, incidentId: string): Promise<TimelineEntry[]> {
  const { results } = await db
    .prepare("SELECT at, kind, by, data FROM incident_events WHERE incident_id = ? ORDER BY at, rowid LIMIT 5000")
    .bind(incidentId)
    .all<{ at: number; kind: string; by: string; data: string }>();
  return results.map((r) => ({ at: r.at, kind: r.kind, by: r.by || null, data: JSON.parse(r.data) }));
}

export async function alertIdsOf(db: D1Database, incidentId: string): Promise<{ alertId: string; joinedAt: number }[]> {
  const { results } = await db
    .prepare("SELECT alert_id, joined_at FROM incident_alerts WHERE incident_id = ? ORDER BY joined_at LIMIT 500")
    .bind(incidentId)
    .all<{ alert_id: string; joined_at: number }>();
  return results.map((r) => ({ alertId: r.alert_id, joinedAt: r.joined_at }));
}

export async function incidentOfAlert(
  db: D1Database,
  alertId: string,
): Promise<{ id: string; title: string; status: IncidentStatus } | null> {
  return db
    .prepare(
      "SELECT i.id, i.title, i.status FROM incident_alerts x JOIN incidents i ON i.id = x.incident_id WHERE x.alert_id = ?",
    )
    .bind(alertId)
    .first<{ id: string; title: string; status: IncidentStatus }>();
}

export interface FiringAlert {
  id: string;
  labels: Record<string, string>;
  severity: string;
  monitorName: string;
  firingAt: number;
}

/**
 * Firing alerts in no incident yet, oldest breach first (so the root opens the incident): those carrying every
 * grouping label, and those that breached at or after `recentSince` (they may join by service graph or change).
 */
export async function ungroupedFiring(
  db: D1Database,
  groupBy: readonly string[],
  recentSince: number | null,
  limit: number,
): Promise<FiringAlert[]> {
  const breach = "COALESCE(a.firing_at, a.started_at)";
  const labelled = groupBy.length
    ? groupBy.map(() => "COALESCE(json_extract(a.labels, ?), '') != ''").join(" AND ")
    : "0";
  const which = recentSince === null ? labelled : `(${labelled}) OR ${breach} >= ?`;
  const { results } = await db
    .prepare(
      `SELECT a.id, a.labels, a.severity, a.monitor_name, ${breach} AS at FROM alerts a
       LEFT JOIN incident_alerts x ON x.alert_id = a.id
       WHERE a.state = 'firing' AND x.alert_id IS NULL AND (${which})
       ORDER BY at LIMIT ?`,
    )
    .bind(...groupBy.map((n) => `$."${n.replace(/"/g, "")}"`), ...(recentSince === null ? [] : [recentSince]), limit)
    .all<{ id: string; labels: string; severity: string; monitor_name: string; at: number }>();
  return results.map((r) => ({
    id: r.id,
    labels: JSON.parse(r.labels),
    severity: r.severity,
    monitorName: r.monitor_name,
    firingAt: r.at,
  }));
}

/** The alerts of open incidents that breached at or after `since`, newest first, at most `limit`. */
export async function openIncidentMembers(
  db: D1Database,
  since: number,
  limit: number,
): Promise<{ incidentId: string; alertId: string; labels: Record<string, string>; breachAt: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT x.incident_id, a.id, a.labels, COALESCE(a.firing_at, a.started_at) AS at FROM incident_alerts x
       JOIN incidents i ON i.id = x.incident_id JOIN alerts a ON a.id = x.alert_id
       WHERE i.status != 'resolved' AND COALESCE(a.firing_at, a.started_at) >= ? ORDER BY at DESC LIMIT ?`,
    )
    .bind(since, limit)
    .all<{ incident_id: string; id: string; labels: string; at: number }>();
  return results.map((r) => ({
    incidentId: r.incident_id,
    alertId: r.id,
    labels: JSON.parse(r.labels),
    breachAt: r.at,
  }));
}
