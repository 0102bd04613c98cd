import type { HealthView } from "../../core/alerting/health";

interface Row {
  monitor_id: string;
  health: HealthView["health"];
  last_error: string | null;
  last_error_at: number | null;
  failures: number;
  failing_since: number | null;
  last_check_at: number | null;
  last_ran_at: number | null;
  eval_ms: number | null;
  series: number | null;
}

const toView = (r: Row): HealthView => ({
  health: r.health,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  failures: r.failures,
  failingSince: r.failing_since,
  lastCheckAt: r.last_check_at,
  lastRanAt: r.last_ran_at,
  evalMs: r.eval_ms,
  series: r.series,
});

/** Mirrored by each MonitorObject in its alarm's batch; a stale write (older updated_at) never wins. */
export function healthStatement(db: D1Database, monitorId: string, h: HealthView, at: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO monitor_health (monitor_id, health, last_error, last_error_at, failures, failing_since, last_check_at, last_ran_at, eval_ms, series, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(monitor_id) DO UPDATE SET health = excluded.health, last_error = excluded.last_error,
         last_error_at = excluded.last_error_at, failures = excluded.failures, failing_since = excluded.failing_since,
         last_check_at = excluded.last_check_at, last_ran_at = excluded.last_ran_at, eval_ms = excluded.eval_ms,
         series = excluded.series, updated_at = excluded.updated_at
       WHERE excluded.updated_at >= monitor_health.updated_at`,
    )
    .bind(
      monitorId,
      h.health,
      h.lastError,
      h.lastErrorAt,
      h.failures,
      h.failingSince,
      h.lastCheckAt,
      h.lastRanAt,
      h.evalMs,
      h.series,
      at,
    );
}

/** Health of every monitor that has checked at least once, by monitor id. */
export async function monitorHealth(db: D1Database): Promise<Map<string, HealthView>> {
  const { results } = await db.prepare("SELECT * FROM monitor_health").all<Row>();
  return new Map(results.map((r) => [r.monitor_id, toView(r)]));
}

export async function getMonitorHealth(db: D1Database, monitorId: string): Promise<HealthView | null> {
  const r = await db.prepare("SELECT * FROM monitor_health WHERE monitor_id = ?").bind(monitorId).first<Row>();
  return r ? toView(r) : null;
}
