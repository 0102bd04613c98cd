/** One workspace setting as stored: its JSON value (unparsed; the caller validates it) and who set it when. */
export interface StoredSetting {
  value: unknown;
  updatedBy: string;
  updatedAt: number;
}

export async function getSetting(db: D1Database, key: string): Promise<StoredSetting | null> {
  const r = await db
    .prepare("SELECT value, updated_by, updated_at FROM workspace_settings WHERE key = ?")
    .bind(key)
    .first<{ value: string; updated_by: string; updated_at: number }>();
  return r ? { value: JSON.parse(r.value), updatedBy: r.updated_by, updatedAt: r.updated_at } : null;
}

export async function putSetting(db: D1Database, key: string, value: unknown, by: string, now: number) {
  await db
    .prepare(
      `INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at`,
    )
    .bind(key, JSON.stringify(value), by, now)
    .run();
}
