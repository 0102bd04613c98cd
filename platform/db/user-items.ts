/** Per-user favorites and recently viewed items (dashboards, monitors, services, notebooks). */

export const itemKinds = ["dashboard", "monitor", "service", "notebook"] as const;
export type ItemKind = (typeof itemKinds)[number];

export interface UserItem {
  kind: ItemKind;
  id: string;
  title: string | null;
  at: number;
}

const MAX_RECENT = 50;

export async function addFavorite(
  db: D1Database,
  user: string,
  kind: ItemKind,
  id: string,
  title: string | null,
  now: number,
): Promise<void> {
  await db
    .prepare(
      "INSERT INTO favorites (user_id, kind, target_id, title, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, target_id) DO UPDATE SET title = excluded.title",
    )
    .bind(user, kind, id, title, now)
    .run();
}

export async function removeFavorite(db: D1Database, user: string, kind: ItemKind, id: string): Promise<boolean> {
  const res = await db
    .prepare("DELETE FROM favorites WHERE user_id = ? AND kind = ? AND target_id = ?")
    .bind(user, kind, id)
    .run();
  return (res.meta.changes ?? 0) > 0;
}

export async function listFavorites(db: D1Database, user: string, limit = 200): Promise<UserItem[]> {
  const { results } = await db
    .prepare(
      "SELECT kind, target_id, title, created_at FROM favorites WHERE user_id = ? ORDER BY created_at DESC LIMIT ?",
    )
    .bind(user, limit)
    .all<{ kind: ItemKind; target_id: string; title: string | null; created_at: number }>();
  return results.map((r) => ({ kind: r.kind, id: r.target_id, title: r.title, at: r.created_at }));
}

/** Upsert the view, then trim the user's history so the table cannot grow without bound. */
export async function recordView(
  db: D1Database,
  user: string,
  kind: ItemKind,
  id: string,
  title: string | null,
  now: number,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        "INSERT INTO recent_views (user_id, kind, target_id, title, viewed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, target_id) DO UPDATE SET title = excluded.title, viewed_at = excluded.viewed_at",
      )
      .bind(user, kind, id, title, now),
    db
      .prepare(
        "DELETE FROM recent_views WHERE user_id = ? AND rowid NOT IN (SELECT rowid FROM recent_views WHERE user_id = ? ORDER BY viewed_at DESC LIMIT ?)",
      )
      .bind(user, user, MAX_RECENT),
  ]);
}

export async function listRecent(db: D1Database, user: string, limit = 20): Promise<UserItem[]> {
  const { results } = await db
    .prepare(
      "SELECT kind, target_id, title, viewed_at FROM recent_views WHERE user_id = ? ORDER BY viewed_at DESC LIMIT ?",
    )
    .bind(user, limit)
    .all<{ kind: ItemKind; target_id: string; title: string | null; viewed_at: number }>();
  return results.map((r) => ({ kind: r.kind, id: r.target_id, title: r.title, at: r.viewed_at }));
}

/** Drop an item from everyone's lists when it is deleted. */
export async function forgetItem(db: D1Database, kind: ItemKind, id: string): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM favorites WHERE kind = ? AND target_id = ?").bind(kind, id),
    db.prepare("DELETE FROM recent_views WHERE kind = ? AND target_id = ?").bind(kind, id),
  ]);
}
