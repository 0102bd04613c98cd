import { scopeSchema, type ScopeMatcher } from "../../core/scope/promql-scope";

export async function getUserScope(
  db: D1Database,
  user: string,
): Promise<{ matchers: ScopeMatcher[]; updatedAt: number | null }> {
  const row = await db
    .prepare("SELECT matchers, updated_at FROM user_scopes WHERE user_id = ?")
    .bind(user)
    .first<{ matchers: string; updated_at: number }>();
  if (!row) return { matchers: [], updatedAt: null };
  const parsed = scopeSchema.safeParse(JSON.parse(row.matchers));
  return { matchers: parsed.success ? parsed.data : [], updatedAt: row.updated_at };
}

export async function putUserScope(db: D1Database, user: string, matchers: ScopeMatcher[], now: number): Promise<void> {
  await db
    .prepare(
      "INSERT INTO user_scopes (user_id, matchers, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET matchers = excluded.matchers, updated_at = excluded.updated_at",
    )
    .bind(user, JSON.stringify(matchers), now)
    .run();
}
