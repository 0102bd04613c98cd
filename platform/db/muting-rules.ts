import type { Matcher, MuteRule } from "../../core/alerting/muting";

export interface StoredMute extends MuteRule {
  comment: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  matchers: string;
  monitor_id: string | null;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

const toMute = (r: Row): StoredMute => ({
  id: r.id,
  matchers: JSON.parse(r.matchers) as Matcher[],
  monitorId: r.monitor_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  comment: r.comment,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function upsertMute(db: D1Database, m: StoredMute): Promise<void> {
  await db
    .prepare(
      `INSERT INTO muting_rules (id, matchers, monitor_id, starts_at, ends_at, comment, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET matchers = excluded.matchers, monitor_id = excluded.monitor_id, starts_at = excluded.starts_at,
         ends_at = excluded.ends_at, comment = excluded.comment, updated_at = excluded.updated_at`,
    )
    .bind(
      m.id,
      JSON.stringify(m.matchers),
      m.monitorId,
      m.startsAt,
      m.endsAt,
      m.comment,
      m.createdBy,
      m.createdAt,
      m.updatedAt,
    )
    .run();
}

export async function getMute(db: D1Database, id: string): Promise<StoredMute | null> {
  const r = await db.prepare("SELECT * FROM muting_rules WHERE id = ?").bind(id).first<Row>();
  return r ? toMute(r) : null;
}

/** Rules not yet expired at `now` (active and scheduled), the set every monitor check consults. */
export async function liveMutes(db: D1Database, now: number): Promise<StoredMute[]> {
  const { results } = await db
    .prepare("SELECT * FROM muting_rules WHERE ends_at > ? ORDER BY starts_at LIMIT 1000")
    .bind(now)
    .all<Row>();
  return results.map(toMute);
}

export async function listMutes(
  db: D1Database,
  q: { includeExpiredSince?: number; limit: number },
): Promise<StoredMute[]> {
  const { results } = await db
    .prepare("SELECT * FROM muting_rules WHERE ends_at > ? ORDER BY created_at DESC LIMIT ?")
    .bind(q.includeExpiredSince ?? 0, q.limit)
    .all<Row>();
  return results.map(toMute);
}

export async function deleteMute(db: D1Database, id: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM muting_rules WHERE id = ?").bind(id).run();
  return (r.meta.changes ?? 0) > 0;
}
