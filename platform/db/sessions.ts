import type { SessionInfo } from "../../core/contracts/people";

export type SessionMethod = SessionInfo["method"];

export interface SessionRow {
  id: string;
  user_id: string;
  method: SessionMethod;
  identity: string | null;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  revoked_at: number | null;
  user_agent: string | null;
}

export async function insertSession(
  db: D1Database,
  s: {
    id: string;
    userId: string;
    method: SessionMethod;
    identity: string | null;
    expiresAt: number;
    userAgent: string | null;
  },
  now: number,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO sessions (id, user_id, method, identity, created_at, expires_at, last_seen_at, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(s.id, s.userId, s.method, s.identity, now, s.expiresAt, now, s.userAgent?.slice(0, 300) ?? null)
    .run();
}

/** A live session: not revoked, before its absolute end and within the idle window. */
export async function findLiveSession(
  db: D1Database,
  id: string,
  now: number,
  idleMs: number,
): Promise<SessionRow | null> {
  return db
    .prepare("SELECT * FROM sessions WHERE id = ? AND revoked_at IS NULL AND expires_at > ? AND last_seen_at > ?")
    .bind(id, now, now - idleMs)
    .first<SessionRow>();
}

/** Keeps the idle window sliding; written at most once a minute per session. */
export async function touchSession(db: D1Database, id: string, now: number): Promise<void> {
  await db
    .prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?")
    .bind(now, id, now - 60_000)
    .run();
}

export async function revokeSession(db: D1Database, id: string, now: number, userId?: string): Promise<boolean> {
  const r = await db
    .prepare(
      `UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL ${userId ? "AND user_id = ?" : ""}`,
    )
    .bind(...(userId ? [now, id, userId] : [now, id]))
    .run();
  return (r.meta.changes ?? 0) > 0;
}

/** Sign a user out everywhere (an admin's revoke, a disabled account). Returns how many were live. */
export async function revokeUserSessions(db: D1Database, userId: string, now: number): Promise<number> {
  const r = await db
    .prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?")
    .bind(now, userId, now)
    .run();
  return r.meta.changes ?? 0;
}

export async function listUserSessions(db: D1Database, userId: string, now: number): Promise<SessionRow[]> {
  const { results } = await db
    .prepare(
      "SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 100",
    )
    .bind(userId, now)
    .all<SessionRow>();
  return results;
}

/** Drop sessions a day past their end or revocation, so the table stays the size of who is signed in. */
export async function pruneSessions(db: D1Database, now: number): Promise<void> {
  await db
    .prepare("DELETE FROM sessions WHERE expires_at < ?1 OR (revoked_at IS NOT NULL AND revoked_at < ?1)")
    .bind(now - 86_400_000)
    .run();
}
