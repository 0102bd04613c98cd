import { roleSchema, type Role } from "../../core/contracts/auth";
import type { Person, ProfilePatch, User } from "../../core/contracts/people";
import { handleFrom, nextFreeHandle } from "../../core/people/handles";

interface Row {
  id: string;
  handle: string;
  name: string;
  email: string | null;
  avatar_url: string | null;
  time_zone: string;
  time_zone_source: User["timeZoneSource"];
  time_display: User["timeDisplay"];
  role: string;
  created_at: number;
  last_seen_at: number | null;
  disabled_at: number | null;
}

export const toUser = (r: Row): User => ({
  id: r.id,
  handle: r.handle,
  name: r.name,
  email: r.email,
  avatarUrl: r.avatar_url,
  timeZone: r.time_zone,
  timeZoneSource: r.time_zone_source,
  timeDisplay: r.time_display,
  role: roleSchema.catch("viewer").parse(r.role),
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  disabledAt: r.disabled_at,
});

export const toPerson = (u: Pick<User, "id" | "handle" | "name" | "avatarUrl">): Person => ({
  id: u.id,
  handle: u.handle,
  name: u.name,
  avatarUrl: u.avatarUrl,
});

export async function getUser(db: D1Database, id: string): Promise<User | null> {
  const r = await db.prepare("SELECT * FROM users WHERE id = ?").bind(id).first<Row>();
  return r ? toUser(r) : null;
}

/** By id, @handle or email: what an admin or an API client types to name someone. */
export async function findUser(db: D1Database, ref: string): Promise<User | null> {
  const h = ref.replace(/^@/, "").toLowerCase();
  const r = await db
    .prepare("SELECT * FROM users WHERE id = ? OR handle = ? OR (email IS NOT NULL AND lower(email) = ?) LIMIT 1")
    .bind(ref, h, ref.toLowerCase())
    .first<Row>();
  return r ? toUser(r) : null;
}

export async function getUsersByIds(db: D1Database, ids: readonly string[]): Promise<Map<string, User>> {
  const out = new Map<string, User>();
  const unique = [...new Set(ids)].slice(0, 500);
  for (let i = 0; i < unique.length; i += 90) {
    const part = unique.slice(i, i + 90);
    const { results } = await db
      .prepare(`SELECT * FROM users WHERE id IN (${part.map(() => "?").join(",")})`)
      .bind(...part)
      .all<Row>();
    for (const r of results) out.set(r.id, toUser(r));
  }
  return out;
}

export async function listUsers(db: D1Database, q: { query?: string; limit: number }): Promise<User[]> {
  const like = `%${(q.query ?? "").toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
  const { results } = await db
    .prepare(
      `SELECT * FROM users WHERE lower(handle) LIKE ?1 ESCAPE '\\' OR lower(name) LIKE ?1 ESCAPE '\\'
         OR lower(coalesce(email, '')) LIKE ?1 ESCAPE '\\' ORDER BY disabled_at IS NOT NULL, name LIMIT ?2`,
    )
    .bind(like, q.limit)
    .all<Row>();
  return results.map(toUser);
}

/** Is this handle free across people and teams (they share the @ namespace)? */
export async function handleTaken(db: D1Database, handle: string, exceptUserId?: string): Promise<boolean> {
  const r = await db
    .prepare(
      "SELECT (SELECT id FROM users WHERE handle = ?1 AND id != ?2) AS u, (SELECT id FROM teams WHERE slug = ?1) AS t",
    )
    .bind(handle, exceptUserId ?? "")
    .first<{ u: string | null; t: string | null }>();
  return !!(r?.u || r?.t);
}

async function freeHandle(db: D1Database, base: string): Promise<string> {
  const { results } = await db
    .prepare("SELECT handle AS h FROM users WHERE handle LIKE ?1 UNION SELECT slug AS h FROM teams WHERE slug LIKE ?1")
    .bind(`${base.slice(0, 36)}%`)
    .all<{ h: string }>();
  return nextFreeHandle(base, new Set(results.map((r) => r.h)));
}

export interface NewUser {
  id: string;
  name: string;
  email?: string | null;
  handleHint?: string | null;
  avatarUrl?: string | null;
  timeZone?: string | null;
  role?: Role;
}

/** Create a user with a free handle derived from the hint, email or name. Racing creators retry on the unique index. */
export async function insertUser(db: D1Database, u: NewUser, now: number): Promise<User> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const handle = await freeHandle(db, handleFrom(u.handleHint, u.email, u.name, u.id));
    const res = await db
      .prepare(
        `INSERT INTO users (id, handle, name, email, avatar_url, time_zone, time_zone_source, role, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .bind(
        u.id,
        handle,
        u.name,
        u.email ?? null,
        u.avatarUrl ?? null,
        u.timeZone ?? "UTC",
        u.timeZone ? "browser" : "default",
        u.role ?? "viewer",
        now,
        now,
      )
      .run();
    if ((res.meta.changes ?? 0) > 0) return (await getUser(db, u.id))!;
    const existing = await getUser(db, u.id);
    if (existing) return existing;
  }
  throw new Error(`could not find a free handle for ${u.id}`);
}

/** The user a token names: created on first sight (older tokens name free-text users such as "alice"). */
export async function ensureTokenUser(db: D1Database, userId: string, now: number): Promise<User> {
  return (await getUser(db, userId)) ?? insertUser(db, { id: userId, name: userId, handleHint: userId }, now);
}

export async function updateProfile(db: D1Database, id: string, p: ProfilePatch, now: number): Promise<User | null> {
  const cols: Record<keyof ProfilePatch, string> = {
    name: "name",
    handle: "handle",
    avatarUrl: "avatar_url",
    timeZone: "time_zone",
    timeZoneSource: "time_zone_source",
    timeDisplay: "time_display",
  };
  const sets: string[] = [];
  const args: unknown[] = [];
  for (const [k, col] of Object.entries(cols) as [keyof ProfilePatch, string][]) {
    if (p[k] === undefined) continue;
    sets.push(`${col} = ?`);
    args.push(p[k]);
  }
  if (sets.length) {
    await db
      .prepare(`UPDATE users SET ${sets.join(", ")}, updated_at = ? WHERE id = ?`)
      .bind(...args, now, id)
      .run();
  }
  return getUser(db, id);
}

export async function setUserRole(db: D1Database, id: string, role: Role, now: number): Promise<boolean> {
  const r = await db.prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?").bind(role, now, id).run();
  return (r.meta.changes ?? 0) > 0;
}

export async function setUserDisabled(db: D1Database, id: string, disabled: boolean, now: number): Promise<boolean> {
  const r = await db
    .prepare("UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?")
    .bind(disabled ? now : null, now, id)
    .run();
  return (r.meta.changes ?? 0) > 0;
}

/** At most once a minute per user, so reads do not become a write each. */
export async function touchUser(db: D1Database, id: string, now: number): Promise<void> {
  await db
    .prepare("UPDATE users SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)")
    .bind(now, id, now - 60_000)
    .run();
}
