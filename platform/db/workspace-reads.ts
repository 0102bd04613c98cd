/**
 * Read-only queries over tables other features own (alerts, comments, monitors from the alerting engine).
 * Each read tolerates the table being absent (a deployment that has not applied those migrations yet):
 * the home feed and search then show an empty section instead of failing as a whole.
 */

export async function tolerant<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof Error && /no such table|no such column/i.test(e.message)) return [];
    throw e;
  }
}

export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

export interface AlertItem {
  id: string;
  monitorId: string;
  monitorSlug: string;
  monitorName: string;
  severity: string;
  state: string;
  muted: boolean;
  signalLabels: Record<string, string>;
  startedAt: number;
  firingAt: number | null;
  resolvedAt: number | null;
}

/** Alerts that are active now or fired within the window, most recent first. */
export function recentAlerts(db: D1Database, since: number, limit: number): Promise<AlertItem[]> {
  return tolerant(async () => {
    const { results } = await db
      .prepare(
        `SELECT id, monitor_id, monitor_slug, monitor_name, severity, state, muted, signal_labels, started_at, firing_at, resolved_at
         FROM alerts WHERE state IN ('firing', 'nodata', 'pending') OR COALESCE(firing_at, started_at) >= ?
         ORDER BY COALESCE(firing_at, started_at) DESC LIMIT ?`,
      )
      .bind(since, limit)
      .all<{
        id: string;
        monitor_id: string;
        monitor_slug: string;
        monitor_name: string;
        severity: string;
        state: string;
        muted: number;
        signal_labels: string;
        started_at: number;
        firing_at: number | null;
        resolved_at: number | null;
      }>();
    return results.map((r) => ({
      id: r.id,
      monitorId: r.monitor_id,
      monitorSlug: r.monitor_slug,
      monitorName: r.monitor_name,
      severity: r.severity,
      state: r.state,
      muted: r.muted === 1,
      signalLabels: JSON.parse(r.signal_labels) as Record<string, string>,
      startedAt: r.started_at,
      firingAt: r.firing_at,
      resolvedAt: r.resolved_at,
    }));
  });
}

/** The comment feed of Home: who said what, on which monitor or alert (by name), newest first. */
export function recentComments(
  db: D1Database,
  limit: number,
): Promise<
  Array<{
    id: string;
    targetKind: string;
    targetId: string;
    targetTitle: string | null;
    author: string;
    authorName: string | null;
    body: string;
    createdAt: number;
  }>
> {
  return tolerant(async () => {
    const { results } = await db
      .prepare(
        `SELECT c.id, c.target_kind, c.target_id, c.author, c.body, c.created_at, u.name AS author_name,
           CASE c.target_kind WHEN 'monitor' THEN m.name ELSE a.monitor_name END AS target_title
         FROM comments c
         LEFT JOIN users u ON u.id = c.author
         LEFT JOIN monitors m ON c.target_kind = 'monitor' AND m.id = c.target_id
         LEFT JOIN alerts a ON c.target_kind = 'alert' AND a.id = c.target_id
         ORDER BY c.created_at DESC LIMIT ?`,
      )
      .bind(limit)
      .all<{
        id: string;
        target_kind: string;
        target_id: string;
        author: string;
        body: string;
        created_at: number;
        author_name: string | null;
        target_title: string | null;
      }>();
    return results.map((r) => ({
      id: r.id,
      targetKind: r.target_kind,
      targetId: r.target_id,
      targetTitle: r.target_title,
      author: r.author,
      authorName: r.author_name,
      body: r.body,
      createdAt: r.created_at,
    }));
  });
}

export function searchMonitors(
  db: D1Database,
  q: string,
  limit: number,
): Promise<Array<{ id: string; slug: string; name: string }>> {
  return tolerant(async () => {
    const like = likePattern(q);
    const { results } = await db
      .prepare(
        "SELECT id, slug, name FROM monitors WHERE name LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?",
      )
      .bind(like, like, limit)
      .all<{ id: string; slug: string; name: string }>();
    return results;
  });
}

const SERVICE_KEYS = "('service', 'service.name', 'service_name')";

/** Service names seen in change event labels and alert labels (span storage belongs to the traces feature). */
export async function searchServices(db: D1Database, q: string, limit: number): Promise<string[]> {
  const like = likePattern(q);
  const fromEvents = await tolerant(async () => {
    const { results } = await db
      .prepare(
        `SELECT DISTINCT j.value AS name FROM change_events, json_each(change_events.labels) j WHERE j.key IN ${SERVICE_KEYS} AND j.value LIKE ? ESCAPE '\\' LIMIT ?`,
      )
      .bind(like, limit)
      .all<{ name: string }>();
    return results.map((r) => r.name);
  });
  const fromAlerts = await tolerant(async () => {
    const { results } = await db
      .prepare(
        `SELECT DISTINCT j.value AS name FROM alerts, json_each(alerts.labels) j WHERE j.key IN ${SERVICE_KEYS} AND j.value LIKE ? ESCAPE '\\' LIMIT ?`,
      )
      .bind(like, limit)
      .all<{ name: string }>();
    return results.map((r) => r.name);
  });
  return [...new Set([...fromEvents, ...fromAlerts].filter((s) => typeof s === "string"))].sort().slice(0, limit);
}
