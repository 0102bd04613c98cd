import { scopeSchema, type Scope, type TokenInfo } from "../../core/contracts/auth";
import { z } from "zod";

interface TokenRow {
  id: string;
  name: string;
  user_id: string;
  hash: string;
  prefix: string;
  scopes: string;
  created_at: number;
  created_by: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

const scopesJson = z.array(scopeSchema);

function toInfo(r: TokenRow): TokenInfo {
  return {
    id: r.id,
    name: r.name,
    userId: r.user_id,
    prefix: r.prefix,
    scopes: scopesJson.parse(JSON.parse(r.scopes)),
    createdAt: r.created_at,
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export async function findActiveTokenByHash(
  db: D1Database,
  hash: string,
): Promise<{ id: string; userId: string; scopes: Scope[] } | null> {
  const row = await db
    .prepare("SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL")
    .bind(hash)
    .first<TokenRow>();
  return row ? { id: row.id, userId: row.user_id, scopes: scopesJson.parse(JSON.parse(row.scopes)) } : null;
}

/** Record use at most once a minute per token, so reads do not turn into a write per request. */
export async function touchToken(db: D1Database, id: string, now: number): Promise<void> {
  await db
    .prepare("UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
    .bind(now, id, now - 60_000)
    .run();
}

export async function insertToken(
  db: D1Database,
  t: {
    id: string;
    name: string;
    userId: string;
    hash: string;
    prefix: string;
    scopes: Scope[];
    createdBy: string;
    now: number;
  },
): Promise<TokenInfo> {
  await db
    .prepare(
      "INSERT INTO tokens (id, name, user_id, hash, prefix, scopes, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(t.id, t.name, t.userId, t.hash, t.prefix, JSON.stringify(t.scopes), t.now, t.createdBy)
    .run();
  return {
    id: t.id,
    name: t.name,
    userId: t.userId,
    prefix: t.prefix,
    scopes: t.scopes,
    createdAt: t.now,
    createdBy: t.createdBy,
    lastUsedAt: null,
    revokedAt: null,
  };
}

export async function listTokens(db: D1Database, userId?: string): Promise<TokenInfo[]> {
  const stmt = userId
    ? db.prepare("SELECT * FROM tokens WHERE user_id = ? ORDER BY created_at DESC").bind(userId)
    : db.prepare("SELECT * FROM tokens ORDER BY created_at DESC");
  const { results } = await stmt.all<TokenRow>();
  return results.map(toInfo);
}

export async function revokeToken(db: D1Database, id: string, now: number): Promise<boolean> {
  const res = await db
    .prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
    .bind(now, id)
    .run();
  return (res.meta.changes ?? 0) > 0;
}
