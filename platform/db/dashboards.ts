import type { DashboardModel } from "../../core/contracts/dashboards";

export interface Dashboard {
  id: string;
  slug: string | null;
  title: string;
  model: DashboardModel;
  version: number;
  provisioned: boolean;
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
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

function toSummary(r: Row): DashboardSummary {
  const { model, ...rest } = toDashboard(r);
  return { ...rest, tags: model.tags ?? [], panelCount: model.panels?.length ?? 0 };
}

/** Insert a dashboard and its version 1 atomically. `INSERT OR IGNORE` on slug makes provisioning idempotent. */
export async function insertDashboard(
  db: D1Database,
  d: { id: string; slug?: string; model: DashboardModel; provisioned?: boolean; by: string; now: number },
): Promise<boolean> {
  const model = JSON.stringify(d.model);
  const [res] = await db.batch([
    db
      .prepare(
        "INSERT OR IGNORE INTO dashboards (id, slug, title, model, version, provisioned, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
      )
      .bind(d.id, d.slug ?? null, d.model.title, model, d.provisioned ? 1 : 0, d.by, d.now, d.by, d.now),
    db
      .prepare(
        "INSERT INTO dashboard_versions (dashboard_id, version, model, created_by, created_at, message) SELECT ?, 1, ?, ?, ?, ? WHERE changes() > 0",
      )
      .bind(d.id, model, d.by, d.now, d.provisioned ? "provisioned" : "created"),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

export async function getDashboard(db: D1Database, id: string): Promise<Dashboard | null> {
  const row = await db.prepare("SELECT * FROM dashboards WHERE id = ?").bind(id).first<Row>();
  return row ? toDashboard(row) : null;
}

export async function getDashboardBySlug(db: D1Database, slug: string): Promise<Dashboard | null> {
  const row = await db.prepare("SELECT * FROM dashboards WHERE slug = ?").bind(slug).first<Row>();
  return row ? toDashboard(row) : null;
}

export async function listDashboards(
  db: D1Database,
  opts: { like?: string; limit?: number } = {},
): Promise<DashboardSummary[]> {
  const limit = opts.limit ?? 500;
  const stmt = opts.like
    ? db
        .prepare("SELECT * FROM dashboards WHERE title LIKE ? ESCAPE '\\' ORDER BY title LIMIT ?")
        .bind(opts.like, limit)
    : db.prepare("SELECT * FROM dashboards ORDER BY title LIMIT ?").bind(limit);
  const { results } = await stmt.all<Row>();
  return results.map(toSummary);
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
