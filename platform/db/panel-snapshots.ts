export interface PanelSnapshot {
  id: string;
  dashboardId: string | null;
  panelId: string | null;
  title: string;
  query: string;
  from: number;
  to: number;
  data: unknown;
  createdBy: string;
  createdAt: number;
}

interface Row {
  id: string;
  dashboard_id: string | null;
  panel_id: string | null;
  title: string;
  query: string;
  from_ms: number;
  to_ms: number;
  data: string;
  created_by: string;
  created_at: number;
}

function toSnapshot(r: Row): PanelSnapshot {
  return {
    id: r.id,
    dashboardId: r.dashboard_id,
    panelId: r.panel_id,
    title: r.title,
    query: r.query,
    from: r.from_ms,
    to: r.to_ms,
    data: JSON.parse(r.data) as unknown,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export async function insertSnapshot(db: D1Database, s: PanelSnapshot): Promise<PanelSnapshot> {
  await db
    .prepare(
      "INSERT INTO panel_snapshots (id, dashboard_id, panel_id, title, query, from_ms, to_ms, data, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(
      s.id,
      s.dashboardId,
      s.panelId,
      s.title,
      s.query,
      s.from,
      s.to,
      JSON.stringify(s.data),
      s.createdBy,
      s.createdAt,
    )
    .run();
  return s;
}

export async function getSnapshot(db: D1Database, id: string): Promise<PanelSnapshot | null> {
  const row = await db.prepare("SELECT * FROM panel_snapshots WHERE id = ?").bind(id).first<Row>();
  return row ? toSnapshot(row) : null;
}

export async function listSnapshots(
  db: D1Database,
  dashboardId: string,
  limit = 100,
): Promise<Array<Omit<PanelSnapshot, "data">>> {
  const { results } = await db
    .prepare(
      "SELECT id, dashboard_id, panel_id, title, query, from_ms, to_ms, '0' AS data, created_by, created_at FROM panel_snapshots WHERE dashboard_id = ? ORDER BY created_at DESC LIMIT ?",
    )
    .bind(dashboardId, limit)
    .all<Row>();
  return results.map((r) => {
    const { data: _data, ...rest } = toSnapshot(r);
    return rest;
  });
}
