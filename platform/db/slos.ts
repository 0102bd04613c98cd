import type { SloDef } from "../../core/contracts/slos";

interface SloRow {
  definition: string;
}

export async function getSlo(db: D1Database, idOrSlug: string): Promise<SloDef | null> {
  const row = await db
    .prepare("SELECT definition FROM slos WHERE id = ? OR slug = ?")
    .bind(idOrSlug, idOrSlug)
    .first<SloRow>();
  return row ? (JSON.parse(row.definition) as SloDef) : null;
}

export async function listSlos(db: D1Database, q: { teamIds?: string[]; limit: number }): Promise<SloDef[]> {
  const teams = q.teamIds;
  const stmt =
    teams && teams.length
      ? db
          .prepare(
            `SELECT definition FROM slos WHERE team_id IN (${teams.map(() => "?").join(",")}) ORDER BY name LIMIT ?`,
          )
          .bind(...teams, q.limit)
      : teams
        ? null
        : db.prepare("SELECT definition FROM slos ORDER BY name LIMIT ?").bind(q.limit);
  if (!stmt) return [];
  const { results } = await stmt.all<SloRow>();
  return results.map((r) => JSON.parse(r.definition) as SloDef);
}

export async function sloSlugTaken(db: D1Database, slug: string, exceptId?: string): Promise<boolean> {
  const row = await db.prepare("SELECT id FROM slos WHERE slug = ?").bind(slug).first<{ id: string }>();
  return !!row && row.id !== exceptId;
}

/** The statements that store the current definition and append it to the history (run in one batch with the
 * generated monitors' statements, so an SLO and its monitors never disagree). */
export function saveSloStatements(db: D1Database, def: SloDef, changedBy: string): D1PreparedStatement[] {
  const json = JSON.stringify(def);
  return [
    db
      .prepare(
        `INSERT INTO slos (id, slug, name, team_id, collection, version, definition, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name, team_id = excluded.team_id,
           collection = excluded.collection, version = excluded.version, definition = excluded.definition,
           updated_at = excluded.updated_at`,
      )
      .bind(
        def.id,
        def.slug,
        def.name,
        def.teamId,
        def.collection,
        def.version,
        json,
        def.createdBy,
        def.createdAt,
        def.updatedAt,
      ),
    db
      .prepare("INSERT INTO slo_versions (slo_id, version, definition, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)")
      .bind(def.id, def.version, json, changedBy, def.updatedAt),
  ];
}

export function deleteSloStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare("DELETE FROM slos WHERE id = ?").bind(id);
}

export async function listSloVersions(
  db: D1Database,
  id: string,
): Promise<{ version: number; changedBy: string; changedAt: number; definition: SloDef }[]> {
  const { results } = await db
    .prepare(
      "SELECT version, changed_by, changed_at, definition FROM slo_versions WHERE slo_id = ? ORDER BY version DESC LIMIT 100",
    )
    .bind(id)
    .all<{ version: number; changed_by: string; changed_at: number; definition: string }>();
  return results.map((r) => ({
    version: r.version,
    changedBy: r.changed_by,
    changedAt: r.changed_at,
    definition: JSON.parse(r.definition) as SloDef,
  }));
}
