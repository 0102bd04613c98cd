import type { AuditEntry } from "../../core/contracts/people";

export interface AuditRecord {
  actorId: string;
  actorKind: string;
  action: string;
  objectKind: AuditEntry["objectKind"];
  objectId: string;
  summary: string;
  details?: unknown;
  requestId?: string | null;
}

interface Row {
  id: number;
  at: number;
  actor_id: string;
  actor_kind: string;
  action: string;
  object_kind: AuditEntry["objectKind"];
  object_id: string;
  summary: string;
  request_id: string | null;
}

const MAX_DETAILS = 16 * 1024;

/** Append entries, then drop a bounded batch of those past retention (the index on `at` keeps both cheap). */
export async function recordAudit(
  db: D1Database,
  entries: readonly AuditRecord[],
  now: number,
  retentionDays: number,
): Promise<void> {
  if (!entries.length) return;
  const stmts = entries.map((e) => {
    let details = e.details === undefined ? null : JSON.stringify(e.details);
    if (details && details.length > MAX_DETAILS) details = JSON.stringify({ truncated: true });
    return db
      .prepare(
        `INSERT INTO audit_log (at, actor_id, actor_kind, action, object_kind, object_id, summary, details, request_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        now,
        e.actorId,
        e.actorKind,
        e.action,
        e.objectKind,
        e.objectId,
        e.summary.slice(0, 500),
        details,
        e.requestId ?? null,
      );
  });
  stmts.push(
    db
      .prepare("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at LIMIT 500)")
      .bind(now - retentionDays * 86_400_000),
  );
  await db.batch(stmts);
}

export async function listAudit(
  db: D1Database,
  q: { objectKind?: string; objectId?: string; actorId?: string; before?: number; limit: number },
): Promise<AuditEntry[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.objectKind) where.push("object_kind = ?"), args.push(q.objectKind);
  if (q.objectId) where.push("object_id = ?"), args.push(q.objectId);
  if (q.actorId) where.push("actor_id = ?"), args.push(q.actorId);
  if (q.before) where.push("id < ?"), args.push(q.before);
  const { results } = await db
    .prepare(
      `SELECT id, at, actor_id, actor_kind, action, object_kind, object_id, summary, request_id FROM audit_log
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
    )
    .bind(...args, q.limit)
    .all<Row>();
  return results.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorKind: r.actor_kind,
    action: r.action,
    objectKind: r.object_kind,
    objectId: r.object_id,
    summary: r.summary,
    requestId: r.request_id,
  }));
}
