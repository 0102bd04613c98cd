import type { DashboardModel } from "../../core/contracts/dashboards";

export interface Dashboard {
  id: string;
  slug: string | null;
  title: string;
  model: DashboardModel;
  version: number;
  provisioned: boolean;
  /** The owning team (null: no team owns it); editing needs the editor role on it. */
  teamId: string | null;
  team: string | null;
  createdBy: string;
  createdAt: number;
  updatedBy: string;
  updatedAt: number;
}

export type DashboardSummary = Omit<Dashboard, "model"> & { tags: string[]; panelCount: number };

interface Row {
  id: string;
  slug: string | null;
  title: string;
  model: string;
  version: number;
  provisioned: number;
  team_id: string | null;
  team_name: string | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

function toDashboard(r: Row): Dashboard {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    model: JSON.parse(r.model) as DashboardModel,
    version: r.version,
    provisioned: r.provisioned === 1,
    teamId: r.team_id,
    team: r.team_name,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

const SELECT = "SELECT d.*, t.name AS team_name FROM dashboards d LEFT JOIN teams t ON t.id = d.team_id";

function toSummary(r: Row): DashboardSummary {
  const { model, ...rest } = toDashboard(r);
  return { ...rest, tags: model.tags ?? [], panelCount: model.panels?.length ?? 0 };
}

/** Insert a dashboard and its version 1 atomically. `INSERT OR IGNORE` on slug makes provisioning idempotent. */
export async function insertDashboard(
  db: D1Database,
  d: {
    id: string;
    slug?: string;
    model: DashboardModel;
    provisioned?: boolean;
    teamId?: string | null;
    by: string;
    now: number;
  },
): Promise<boolean> {
  const model = JSON.stringify(d.model);
  const [res] = await db.batch([
    db
      .prepare(
        "INSERT OR IGNORE INTO dashboards (id, slug, title, model, version, provisioned, team_id, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
      )
      .bind(
        d.id,
        d.slug ?? null,
        d.model.title,
        model,
        d.provisioned ? 1 : 0,
        d.teamId ?? null,
        d.by,
        d.now,
        d.by,
        d.now,
      ),
    db
      .prepare(
        "INSERT INTO dashboard_versions (dashboard_id, version, model, created_by, created_at, message) SELECT ?, 1, ?, ?, ?, ? WHERE changes() > 0",
      )
      .bind(d.id, model, d.by, d.now, d.provisioned ? "provisioned" : "created"),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

export async function getDashboard(db: D1Database, id: string): Promise<Dashboard | null> {
  const row = await db.prepare(`${SELECT} WHERE d.id = ?`).bind(id).first<Row>();
  return row ? toDashboard(row) : null;
}

export async function getDashboardBySlug(db: D1Database, slug: string): Promise<Dashboard | null> {
  const row = await db.prepare(`${SELECT} WHERE d.slug = ?`).bind(slug).first<Row>();
  return row ? toDashboard(row) : null;
}

/** `teamIds`: only dashboards those teams own (an empty list matches nothing). */
export async function listDashboards(
  db: D1Database,
  opts: { like?: string; teamIds?: readonly string[]; limit?: number } = {},
): Promise<DashboardSummary[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.like) where.push("d.title LIKE ? ESCAPE '\\'"), args.push(opts.like);
  if (opts.teamIds) {
    if (!opts.teamIds.length) return [];
    where.push(`d.team_id IN (${opts.teamIds.map(() => "?").join(",")})`), args.push(...opts.teamIds);
  }
  const { results } = await db
    .prepare(`${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY d.title LIMIT ?`)
    .bind(...args, opts.limit ?? 500)
    .all<Row>();
  return results.map(toSummary);
}

/** Hand the dashboard to a team (or to none); not a new version of its model. */
export async function setDashboardTeam(
  db: D1Database,
  id: string,
  teamId: string | null,
  by: string,
  now: number,
): Promise<void> {
  await db
    .prepare("UPDATE dashboards SET team_id = ?, updated_by = ?, updated_at = ? WHERE id = ?")
    .bind(teamId, by, now, id)
    .run();
}

/** Save a new version when `expectedVersion` is still current. Returns the new version or null on conflict. */
export async function saveDashboardVersion(
  db: D1Database,
  d: { id: string; expectedVersion: number; model: DashboardModel; by: string; now: number; message?: string },
): Promise<number | null> {
  const next = d.expectedVersion + 1;
  const model = JSON.stringify(d.model);
  const [res] = await db.batch([
    db
      .prepare(
        "UPDATE dashboards SET title = ?, model = ?, version = ?, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?",
      )
      .bind(d.model.title, model, next, d.by, d.now, d.id, d.expectedVersion),
    db
      .prepare(
        "INSERT INTO dashboard_versions (dashboard_id, version, model, created_by, created_at, message) SELECT ?, ?, ?, ?, ?, ? WHERE changes() > 0",
      )
      .bind(d.id, next, model, d.by, d.now, d.message ?? null),
  ]);
  return (res?.meta.changes ?? 0) > 0 ? next : null;
}

export async function deleteDashboard(db: D1Database, id: string): Promise<boolean> {
  const [res] = await db.batch([
    db.prepare("DELETE FROM dashboards WHERE id = ?").bind(id),
    db.prepare("DELETE FROM dashboard_versions WHERE dashboard_id = ?").bind(id),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

export async function listDashboardVersions(
  db: D1Database,
  id: string,
): Promise<Array<{ version: number; createdBy: string; createdAt: number; message: string | null; title: string }>> {
  const { results } = await db
    .prepare(
      "SELECT version, created_by, created_at, message, json_extract(model, '$.title') AS title FROM dashboard_versions WHERE dashboard_id = ? ORDER BY version DESC LIMIT 500",
    )
    .bind(id)
    .all<{ version: number; created_by: string; created_at: number; message: string | null; title: string }>();
  return results.map((r) => ({
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    message: r.message,
    title: r.title,
  }));
}

export async function getDashboardVersion(db: D1Database, id: string, version: number): Promise<DashboardModel | null> {
  const row = await db
    .prepare("SELECT model FROM dashboard_versions WHERE dashboard_id = ? AND version = ?")
    .bind(id, version)
    .first<{ model: string }>();
  return row ? (JSON.parse(row.model) as DashboardModel) : null;
}
