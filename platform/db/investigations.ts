import type { LikelyCause } from "../../core/ddx/investigation";

/** What a monitor found when its alert fired (platform/ddx/investigate.ts). */
export interface Investigation {
  alertId: string;
  monitorId: string;
  status: "done" | "failed" | "partial";
  startedAt: number;
  finishedAt: number;
  likelyCause: LikelyCause | null;
  body: InvestigationBody;
  error: string | null;
}

export interface InvestigationBody {
  metric?: {
    request: { query: string; window: { start: number; end: number }; scope: { name: string; value: string }[] };
    mode?: "rate" | "volume";
    empty?: string;
    top: { label: string; value: string; divergence: number; kind: string; reason: string; change?: unknown }[];
    error?: string;
  };
  traces?: {
    service: string;
    top: { key: string; value: string; score: number; confidence: number }[];
    error?: string;
  };
  changes: { id: string; title: string; category: string; source: string; happenedAt: number }[];
}

interface Row {
  alert_id: string;
  monitor_id: string;
  status: Investigation["status"];
  started_at: number;
  finished_at: number;
  likely_cause: string | null;
  body: string;
  error: string | null;
}

export async function putInvestigation(db: D1Database, i: Investigation): Promise<void> {
  await db
    .prepare(
      `INSERT INTO alert_investigations (alert_id, monitor_id, status, started_at, finished_at, likely_cause, body, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(alert_id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
         finished_at = excluded.finished_at, likely_cause = excluded.likely_cause, body = excluded.body, error = excluded.error`,
    )
    .bind(
      i.alertId,
      i.monitorId,
      i.status,
      i.startedAt,
      i.finishedAt,
      i.likelyCause ? JSON.stringify(i.likelyCause) : null,
      JSON.stringify(i.body),
      i.error,
    )
    .run();
}

export async function getInvestigation(db: D1Database, alertId: string): Promise<Investigation | null> {
  const r = await db.prepare("SELECT * FROM alert_investigations WHERE alert_id = ?").bind(alertId).first<Row>();
  if (!r) return null;
  return {
    alertId: r.alert_id,
    monitorId: r.monitor_id,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    likelyCause: r.likely_cause ? (JSON.parse(r.likely_cause) as LikelyCause) : null,
    body: JSON.parse(r.body) as InvestigationBody,
    error: r.error,
  };
}
