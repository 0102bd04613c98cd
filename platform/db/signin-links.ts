import { z } from "zod";
import { scopeSchema, type Scope } from "../../core/contracts/auth";

export async function insertSigninLink(
  db: D1Database,
  l: { hash: string; userId: string; scopes: Scope[]; createdBy: string; now: number; expiresAt: number },
): Promise<void> {
  await db
    .prepare(
      "INSERT INTO signin_links (hash, user_id, scopes, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(l.hash, l.userId, JSON.stringify(l.scopes), l.createdBy, l.now, l.expiresAt)
    .run();
}

/** Spend a code: one conditional UPDATE, so two exchanges racing for the same code cannot both win. */
export async function spendSigninLink(
  db: D1Database,
  hash: string,
  now: number,
): Promise<{ userId: string; scopes: Scope[] } | null> {
  const row = await db
    .prepare(
      "UPDATE signin_links SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id, scopes",
    )
    .bind(now, hash, now)
    .first<{ user_id: string; scopes: string }>();
  return row ? { userId: row.user_id, scopes: z.array(scopeSchema).parse(JSON.parse(row.scopes)) } : null;
}

export async function recordMintedToken(db: D1Database, hash: string, tokenId: string): Promise<void> {
  await db.prepare("UPDATE signin_links SET token_id = ? WHERE hash = ?").bind(tokenId, hash).run();
}

/** Why a code did not work, for the message (never which user it was for). */
export async function signinLinkState(
  db: D1Database,
  hash: string,
  now: number,
): Promise<"used" | "expired" | "unknown"> {
  const row = await db
    .prepare("SELECT used_at, expires_at FROM signin_links WHERE hash = ?")
    .bind(hash)
    .first<{ used_at: number | null; expires_at: number }>();
  if (!row) return "unknown";
  return row.used_at !== null ? "used" : row.expires_at <= now ? "expired" : "unknown";
}

/** Drop links that can no longer be used (a day after expiry), so the table stays small. */
export async function pruneSigninLinks(db: D1Database, now: number): Promise<void> {
  await db
    .prepare("DELETE FROM signin_links WHERE expires_at < ?")
    .bind(now - 86_400_000)
    .run();
}
