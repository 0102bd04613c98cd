import type { Collection } from "../../core/contracts/people";

interface Row {
  id: string;
  slug: string;
  name: string;
  description: string;
  team_id: string | null;
  created_at: number;
}

const toCollection = (r: Row): Collection => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  teamId: r.team_id,
  createdAt: r.created_at,
});

export async function listCollections(db: D1Database): Promise<Collection[]> {
  const { results } = await db.prepare("SELECT * FROM collections ORDER BY name LIMIT 1000").all<Row>();
  return results.map(toCollection);
}

/** By id, slug or name (case-insensitive). */
export async function findCollection(db: D1Database, ref: string): Promise<Collection | null> {
  const r = ref.trim();
  const row = await db
    .prepare("SELECT * FROM collections WHERE id = ?1 OR slug = lower(?1) OR lower(name) = lower(?1) LIMIT 1")
    .bind(r)
    .first<Row>();
  return row ? toCollection(row) : null;
}

export async function insertCollection(
  db: D1Database,
  c: Omit<Collection, "createdAt"> & { createdBy: string },
  now: number,
): Promise<Collection> {
  await db
    .prepare(
      "INSERT INTO collections (id, slug, name, description, team_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(c.id, c.slug, c.name, c.description, c.teamId, c.createdBy, now)
    .run();
  return (await findCollection(db, c.id))!;
}

export async function deleteCollection(db: D1Database, id: string): Promise<boolean> {
  const r = await db.batch([
    db.prepare("UPDATE monitors SET collection_id = NULL, collection = '' WHERE collection_id = ?").bind(id),
    db.prepare("DELETE FROM collections WHERE id = ?").bind(id),
  ]);
  return (r[1]?.meta.changes ?? 0) > 0;
}
