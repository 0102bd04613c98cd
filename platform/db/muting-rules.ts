import type { Matcher, MuteRule } from "../../core/alerting/muting";
import { parseTimeInterval, type TimeIntervalSpec } from "../../core/oncall/time-intervals";

/** Rules read per statement while loading every live rule (D1 answers stay small; there is no cap overall). */
const PAGE = 1000;
/** A guard on memory, far above any real set of live rules: past it the newest rules are left out, loudly. */
export const MAX_LIVE_MUTES = 100_000;

export interface StoredMute extends MuteRule {
  /** The recurring windows as given (Alertmanager's spelling); `timeIntervals` is their evaluated form. */
  timeIntervalSpecs?: TimeIntervalSpec[] | null;
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
  time_intervals?: string | null;
  deleted_at?: number | null;
  deleted_by?: string | null;
}

function intervals(json: string | null | undefined) {
  if (!json) return { timeIntervalSpecs: null, timeIntervals: null };
  const specs = JSON.parse(json) as TimeIntervalSpec[];
  return { timeIntervalSpecs: specs, timeIntervals: specs.map(parseTimeInterval) };
}

const toMute = (r: Row): StoredMute => ({
  ...intervals(r.time_intervals),
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
      `INSERT INTO muting_rules (id, matchers, monitor_id, starts_at, ends_at, comment, created_by, created_at, updated_at, time_intervals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET matchers = excluded.matchers, monitor_id = excluded.monitor_id, starts_at = excluded.starts_at,
         ends_at = excluded.ends_at, comment = excluded.comment, updated_at = excluded.updated_at, time_intervals = excluded.time_intervals`,
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
      m.timeIntervalSpecs?.length ? JSON.stringify(m.timeIntervalSpecs) : null,
    )
    .run();
}

export async function getMute(db: D1Database, id: string): Promise<StoredMute | null> {
  const r = await db.prepare("SELECT * FROM muting_rules WHERE id = ? AND deleted_at IS NULL").bind(id).first<Row>();
  return r ? toMute(r) : null;
}

/** Every rule not yet expired at `now` (active and scheduled): the set every monitor check consults. */
export async function liveMutes(db: D1Database, now: number): Promise<StoredMute[]> {
  const out: StoredMute[] = [];
  let after = "";
  for (;;) {
    const { results } = await db
      .prepare("SELECT * FROM muting_rules WHERE ends_at > ? AND id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?")
      .bind(now, after, PAGE)
      .all<Row>();
    out.push(...results.map(toMute));
    if (results.length < PAGE) return out;
    if (out.length >= MAX_LIVE_MUTES) {
      console.error(`muting rules: more than ${MAX_LIVE_MUTES} live rules; the rest are not applied`);
      return out;
    }
    after = results[results.length - 1].id;
  }
}

export type MuteListStatus = "active" | "scheduled" | "expired" | "all";

/**
 * Rules newest first, filtered by status in SQL before the limit. A recurring rule inside its lifetime is
 * "active" only inside a window, which SQL cannot see: those are filtered after, from a lifetime match.
 */
export async function listMutes(
  db: D1Database,
  q: { includeExpiredSince?: number; limit: number; status?: MuteListStatus; now?: number },
): Promise<StoredMute[]> {
  const now = q.now ?? Date.now();
  const where = ["ends_at > ?", "deleted_at IS NULL"];
  const args: unknown[] = [q.includeExpiredSince ?? 0];
  if (q.status === "active") where.push("starts_at <= ? AND ends_at > ?"), args.push(now, now);
  if (q.status === "scheduled")
    where.push("(starts_at > ? OR (time_intervals IS NOT NULL AND ends_at > ?))"), args.push(now, now);
  if (q.status === "expired") where.push("ends_at <= ?"), args.push(now);
  const { results } = await db
    .prepare(`SELECT * FROM muting_rules WHERE ${where.join(" AND ")} ORDER BY created_at DESC LIMIT ?`)
    .bind(...args, q.limit)
    .all<Row>();
  return results.map(toMute);
}

/** Deleted rows are kept this long, for incident timelines; every other read skips them at once. */
export const DELETED_MUTE_RETENTION_MS = 90 * 86_400_000;

/** Delete: the row is stamped (who, when) and no longer read as a rule; rows deleted 90 days ago are dropped. */
export async function deleteMute(db: D1Database, id: string, by: string, now: number): Promise<boolean> {
  const [r] = await db.batch([
    db
      .prepare("UPDATE muting_rules SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL")
      .bind(now, by, id),
    db
      .prepare(
        "DELETE FROM muting_rules WHERE id IN (SELECT id FROM muting_rules WHERE deleted_at < ? ORDER BY deleted_at LIMIT 500)",
      )
      .bind(now - DELETED_MUTE_RETENTION_MS),
  ]);
  return (r.meta.changes ?? 0) > 0;
}

export interface MuteHistory extends StoredMute {
  deletedAt: number | null;
  deletedBy: string | null;
}

/**
 * Rules, deleted ones included, whose life touched [from, to]: made by `to` and not ended (expired or deleted)
 * before `from`. Newest first, at most `limit`: the incident timeline's mutes.
 */
export async function mutesAround(db: D1Database, from: number, to: number, limit: number): Promise<MuteHistory[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM muting_rules WHERE created_at <= ? AND ends_at > ? AND (deleted_at IS NULL OR deleted_at >= ?)
       ORDER BY created_at DESC LIMIT ?`,
    )
    .bind(to, from, from, limit)
    .all<Row>();
  return results.map((r) => ({ ...toMute(r), deletedAt: r.deleted_at ?? null, deletedBy: r.deleted_by ?? null }));
}
