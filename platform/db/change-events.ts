import {
  changeCategorySchema,
  type ChangeCategory,
  type ChangeEvent,
  type NewChangeEvent,
} from "../../core/contracts/change-events";
import { newId } from "../lib/crypto";

interface Row {
  id: string;
  title: string;
  source: string;
  category: string;
  type: string;
  happened_at: number;
  labels: string;
  payload: string | null;
  created_by: string;
  created_at: number;
}

function toEvent(r: Row): ChangeEvent {
  return {
    id: r.id,
    title: r.title,
    source: r.source,
    category: changeCategorySchema.catch("other").parse(r.category),
    type: r.type,
    happenedAt: r.happened_at,
    labels: JSON.parse(r.labels) as Record<string, string>,
    payload: r.payload === null ? null : (JSON.parse(r.payload) as unknown),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function toStored(ev: NewChangeEvent): ChangeEvent {
  return {
    id: ev.id ?? newId("chg"),
    title: ev.title,
    source: ev.source,
    category: ev.category,
    type: ev.type,
    happenedAt: ev.happenedAt,
    labels: ev.labels,
    payload: ev.payload ?? null,
    createdBy: ev.createdBy,
    createdAt: ev.createdAt ?? Date.now(),
  };
}

function insertStatement(db: D1Database, event: ChangeEvent, verb: "INSERT" | "INSERT OR IGNORE"): D1PreparedStatement {
  return db
    .prepare(
      `${verb} INTO change_events (id, title, source, category, type, happened_at, labels, payload, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      event.id,
      event.title,
      event.source,
      event.category,
      event.type,
      event.happenedAt,
      JSON.stringify(event.labels),
      event.payload === null ? null : JSON.stringify(event.payload),
      event.createdBy,
      event.createdAt,
    );
}

/** Store one change event (API ingest, webhooks). */
export async function insertChangeEvent(db: D1Database, ev: NewChangeEvent): Promise<ChangeEvent> {
  const event = toStored(ev);
  await insertStatement(db, event, "INSERT").run();
  return event;
}

/** A change event as one statement of a caller's batch (alert transitions); its id makes a retry a no-op. */
export function changeEventStatement(db: D1Database, ev: NewChangeEvent & { id: string }): D1PreparedStatement {
  return insertStatement(db, toStored(ev), "INSERT OR IGNORE");
}

export async function getChangeEvent(db: D1Database, id: string): Promise<ChangeEvent | null> {
  const row = await db.prepare("SELECT * FROM change_events WHERE id = ?").bind(id).first<Row>();
  return row ? toEvent(row) : null;
}

export interface ChangeEventQuery {
  from?: number;
  to?: number;
  category?: ChangeCategory | ChangeCategory[];
  labels?: Record<string, string> | Array<[string, string]>;
  text?: string;
  limit?: number;
  cursor?: string;
}

function encodeCursor(r: { happenedAt: number; id: string }): string {
  return btoa(`${r.happenedAt}:${r.id}`);
}

function decodeCursor(c: string): { at: number; id: string } | null {
  try {
    const s = atob(c);
    const i = s.indexOf(":");
    const at = Number(s.slice(0, i));
    return i > 0 && Number.isFinite(at) ? { at, id: s.slice(i + 1) } : null;
  } catch {
    return null;
  }
}

/** Newest first, keyset-paginated on (happened_at, id) so pages stay stable while events arrive. */
export async function listChangeEvents(
  db: D1Database,
  q: ChangeEventQuery,
): Promise<{ events: ChangeEvent[]; nextCursor: string | null }> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.from !== undefined) where.push("happened_at >= ?"), args.push(q.from);
  if (q.to !== undefined) where.push("happened_at <= ?"), args.push(q.to);
  const cats = q.category === undefined ? [] : Array.isArray(q.category) ? q.category : [q.category];
  if (cats.length) where.push(`category IN (${cats.map(() => "?").join(",")})`), args.push(...cats);
  const pairs = q.labels === undefined ? [] : Array.isArray(q.labels) ? q.labels : Object.entries(q.labels);
  for (const [k, v] of pairs.slice(0, 20)) {
    where.push("EXISTS (SELECT 1 FROM json_each(change_events.labels) j WHERE j.key = ? AND j.value = ?)");
    args.push(k, v);
  }
  if (q.text) {
    const like = `%${q.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(
      "(title LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\' OR type LIKE ? ESCAPE '\\' OR labels LIKE ? ESCAPE '\\')",
    );
    args.push(like, like, like, like);
  }
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (cursor)
    where.push("(happened_at < ? OR (happened_at = ? AND id < ?))"), args.push(cursor.at, cursor.at, cursor.id);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
  const sql = `SELECT * FROM change_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY happened_at DESC, id DESC LIMIT ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...args, limit + 1)
    .all<Row>();
  const events = results.slice(0, limit).map(toEvent);
  const last = events[events.length - 1];
  return { events, nextCursor: results.length > limit && last ? encodeCursor(last) : null };
}

/**
 * Changes in [from, to] naming one of `services` under any of the service label names, newest first, at most
 * `limit`; alert and incident records are left out (the incident timeline has them already).
 */
export async function changesOfServices(
  db: D1Database,
  q: { from: number; to: number; services: string[]; labelNames: readonly string[]; limit: number },
): Promise<ChangeEvent[]> {
  const services = q.services.slice(0, 100);
  if (!services.length || !q.labelNames.length) return [];
  const named = q.labelNames.map(() => "json_extract(labels, ?)").join(", ");
  const { results } = await db
    .prepare(
      `SELECT * FROM change_events WHERE happened_at >= ? AND happened_at <= ? AND category NOT IN ('alerts', 'incidents')
       AND COALESCE(${named}, NULL) IN (${services.map(() => "?").join(",")})
       ORDER BY happened_at DESC, id DESC LIMIT ?`,
    )
    .bind(q.from, q.to, ...q.labelNames.map((n) => `$."${n.replace(/"/g, "")}"`), ...services, q.limit)
    .all<Row>();
  return results.map(toEvent);
}
