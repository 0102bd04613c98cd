import type { Matcher } from "../../core/alerting/muting";
import { MAX_INHIBIT_RULES } from "../../core/contracts/oncall";
import type { InhibitRule } from "../../core/oncall/inhibit";

export interface StoredInhibitRule extends InhibitRule {
  name: string;
  comment: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  name: string;
  source_matchers: string;
  target_matchers: string;
  equal: string;
  comment: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

const toRule = (r: Row): StoredInhibitRule => ({
  id: r.id,
  name: r.name,
  sourceMatchers: JSON.parse(r.source_matchers) as Matcher[],
  targetMatchers: JSON.parse(r.target_matchers) as Matcher[],
  equal: JSON.parse(r.equal) as string[],
  comment: r.comment,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function upsertInhibitRule(db: D1Database, r: StoredInhibitRule): Promise<void> {
  await db
    .prepare(
      `INSERT INTO inhibit_rules (id, name, source_matchers, target_matchers, equal, comment, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, source_matchers = excluded.source_matchers,
         target_matchers = excluded.target_matchers, equal = excluded.equal, comment = excluded.comment,
         updated_at = excluded.updated_at`,
    )
    .bind(
      r.id,
      r.name,
      JSON.stringify(r.sourceMatchers),
      JSON.stringify(r.targetMatchers),
      JSON.stringify(r.equal),
      r.comment,
      r.createdBy,
      r.createdAt,
      r.updatedAt,
    )
    .run();
}

export async function getInhibitRule(db: D1Database, id: string): Promise<StoredInhibitRule | null> {
  const r = await db.prepare("SELECT * FROM inhibit_rules WHERE id = ?").bind(id).first<Row>();
  return r ? toRule(r) : null;
}

/** Every rule, oldest first (the order Alertmanager evaluates its configured rules in). Bounded by the create guard. */
export async function listInhibitRules(db: D1Database): Promise<StoredInhibitRule[]> {
  const { results } = await db
    .prepare("SELECT * FROM inhibit_rules ORDER BY created_at, id LIMIT ?")
    .bind(MAX_INHIBIT_RULES)
    .all<Row>();
  return results.map(toRule);
}

export async function countInhibitRules(db: D1Database): Promise<number> {
  return (await db.prepare("SELECT COUNT(*) AS n FROM inhibit_rules").first<{ n: number }>())?.n ?? 0;
}

export async function deleteInhibitRule(db: D1Database, id: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM inhibit_rules WHERE id = ?").bind(id).run();
  return (res.meta.changes ?? 0) > 0;
}

/**
 * Alerts that could inhibit others, with their labels; the newest first, bounded. Firing, and nodata (firing
 * whose data stopped: its page is open, as Alertmanager keeps a keep_firing_for alert as a source).
 */
export async function firingAlertLabels(
  db: D1Database,
  limit: number,
): Promise<{ id: string; monitorId: string; labels: Record<string, string> }[]> {
  const { results } = await db
    .prepare(
      "SELECT id, monitor_id, labels FROM alerts WHERE state IN ('firing','nodata') ORDER BY started_at DESC LIMIT ?",
    )
    .bind(limit)
    .all<{ id: string; monitor_id: string; labels: string }>();
  return results.map((r) => ({ id: r.id, monitorId: r.monitor_id, labels: JSON.parse(r.labels) }));
}
