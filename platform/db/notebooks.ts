import type { Cell } from "../../core/contracts/notebooks";

export interface Notebook {
  id: string;
  owner: string;
  /** The team it is shared with (its members read it, its editors edit it); null: private to its owner. */
  teamId: string | null;
  team: string | null;
  title: string;
  cells: Cell[];
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface NotebookSummary {
  id: string;
  owner: string;
  teamId: string | null;
  team: string | null;
  title: string;
  cellCount: number;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  owner: string;
  team_id: string | null;
  team_name: string | null;
  title: string;
  cells: string;
  version: number;
  created_at: number;
  updated_at: number;
}

function toNotebook(r: Row): Notebook {
  return {
    id: r.id,
    owner: r.owner,
    teamId: r.team_id,
    team: r.team_name,
    title: r.title,
    cells: JSON.parse(r.cells) as Cell[],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const SELECT = "SELECT n.*, t.name AS team_name FROM notebooks n LEFT JOIN teams t ON t.id = n.team_id";

export async function insertNotebook(
  db: D1Database,
  nb: Omit<Notebook, "version" | "teamId" | "team">,
): Promise<Notebook> {
  await db
    .prepare(
      "INSERT INTO notebooks (id, owner, title, cells, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
    )
    .bind(nb.id, nb.owner, nb.title, JSON.stringify(nb.cells), nb.createdAt, nb.updatedAt)
    .run();
  return { ...nb, teamId: null, team: null, version: 1 };
}

export async function getNotebook(db: D1Database, id: string): Promise<Notebook | null> {
  const row = await db.prepare(`${SELECT} WHERE n.id = ?`).bind(id).first<Row>();
  return row ? toNotebook(row) : null;
}

/**
 * The notebooks one person may see: their own (private or shared) and those shared with their teams. `teamIds`
 * restricts to those teams' shared notebooks; `like` searches titles.
 */
export async function listVisibleNotebooks(
  db: D1Database,
  q: { userId: string; memberOf: readonly string[]; teamIds?: readonly string[]; like?: string; limit?: number },
): Promise<NotebookSummary[]> {
  const marks = (xs: readonly unknown[]) => xs.map(() => "?").join(",");
  const where: string[] = [];
  const args: unknown[] = [];
  where.push(q.memberOf.length ? `(n.owner = ? OR n.team_id IN (${marks(q.memberOf)}))` : "n.owner = ?");
  args.push(q.userId, ...q.memberOf);
  if (q.teamIds) {
    if (!q.teamIds.length) return [];
    where.push(`n.team_id IN (${marks(q.teamIds)})`), args.push(...q.teamIds);
  }
  if (q.like) where.push("n.title LIKE ? ESCAPE '\\'"), args.push(q.like);
  const { results } = await db
    .prepare(
      `SELECT n.id, n.owner, n.team_id, t.name AS team_name, n.title, json_array_length(n.cells) AS n, n.created_at, n.updated_at
       FROM notebooks n LEFT JOIN teams t ON t.id = n.team_id WHERE ${where.join(" AND ")} ORDER BY n.updated_at DESC LIMIT ?`,
    )
    .bind(...args, q.limit ?? 200)
    .all<Omit<Row, "cells" | "version"> & { n: number }>();
  return results.map((r) => ({
    id: r.id,
    owner: r.owner,
    teamId: r.team_id,
    team: r.team_name,
    title: r.title,
    cellCount: r.n,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Share with a team (its members read, its editors edit) or make private again (null). */
export async function setNotebookTeam(db: D1Database, id: string, teamId: string | null, now: number): Promise<void> {
  await db.prepare("UPDATE notebooks SET team_id = ?, updated_at = ? WHERE id = ?").bind(teamId, now, id).run();
}

/** Compare-and-set on `version`: false when someone else wrote in between. */
export async function saveNotebook(
  db: D1Database,
  nb: Notebook,
  patch: { title?: string; cells?: Cell[] },
  now: number,
): Promise<Notebook | null> {
  const next: Notebook = {
    ...nb,
    title: patch.title ?? nb.title,
    cells: patch.cells ?? nb.cells,
    version: nb.version + 1,
    updatedAt: now,
  };
  const res = await db
    .prepare(
      "UPDATE notebooks SET title = ?, cells = ?, version = ?, updated_at = ? WHERE id = ? AND owner = ? AND version = ?",
    )
    .bind(next.title, JSON.stringify(next.cells), next.version, now, nb.id, nb.owner, nb.version)
    .run();
  return (res.meta.changes ?? 0) > 0 ? next : null;
}

/** Append one cell in a single statement: concurrent "add to notebook" clicks from several explorers all land,
 * without a read-modify-write race. The cell-count and size limits are checked in the same statement. */
export async function appendCell(
  db: D1Database,
  id: string,
  owner: string,
  cell: Cell,
  limits: { cells: number; bytes: number },
  now: number,
): Promise<"ok" | "missing" | "full"> {
  const json = JSON.stringify(cell);
  const res = await db
    .prepare(
      `UPDATE notebooks SET cells = json_insert(cells, '$[#]', json(?)), version = version + 1, updated_at = ?
       WHERE id = ? AND owner = ? AND json_array_length(cells) < ? AND length(CAST(cells AS BLOB)) + length(CAST(? AS BLOB)) + 1 <= ?`,
    )
    .bind(json, now, id, owner, limits.cells, json, limits.bytes)
    .run();
  if ((res.meta.changes ?? 0) > 0) return "ok";
  return (await getNotebook(db, id)) ? "full" : "missing";
}

export async function deleteNotebook(db: D1Database, id: string, owner: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM notebooks WHERE id = ? AND owner = ?").bind(id, owner).run();
  if ((res.meta.changes ?? 0) === 0) return false;
  await db.prepare("DELETE FROM notebook_shares WHERE notebook_id = ?").bind(id).run();
  return true;
}

// --- share links: only the SHA-256 of the secret is stored ---

export async function insertShare(
  db: D1Database,
  s: { id: string; notebookId: string; hash: string; by: string; now: number },
): Promise<void> {
  await db
    .prepare("INSERT INTO notebook_shares (id, notebook_id, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(s.id, s.notebookId, s.hash, s.by, s.now)
    .run();
}

export async function listShares(
  db: D1Database,
  notebookId: string,
): Promise<Array<{ id: string; createdAt: number; revokedAt: number | null }>> {
  const { results } = await db
    .prepare("SELECT id, created_at, revoked_at FROM notebook_shares WHERE notebook_id = ? ORDER BY created_at DESC")
    .bind(notebookId)
    .all<{ id: string; created_at: number; revoked_at: number | null }>();
  return results.map((r) => ({ id: r.id, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Revoke one share (by id) or every active share of the notebook. Returns how many were revoked. */
export async function revokeShares(db: D1Database, notebookId: string, now: number, shareId?: string): Promise<number> {
  const res = shareId
    ? await db
        .prepare("UPDATE notebook_shares SET revoked_at = ? WHERE notebook_id = ? AND id = ? AND revoked_at IS NULL")
        .bind(now, notebookId, shareId)
        .run()
    : await db
        .prepare("UPDATE notebook_shares SET revoked_at = ? WHERE notebook_id = ? AND revoked_at IS NULL")
        .bind(now, notebookId)
        .run();
  return res.meta.changes ?? 0;
}

export async function notebookByShareHash(db: D1Database, hash: string): Promise<Notebook | null> {
  const row = await db
    .prepare(
      "SELECT n.*, NULL AS team_name FROM notebook_shares s JOIN notebooks n ON n.id = s.notebook_id WHERE s.token_hash = ? AND s.revoked_at IS NULL",
    )
    .bind(hash)
    .first<Row>();
  return row ? toNotebook(row) : null;
}
