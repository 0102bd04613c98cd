import { renderMarkdown } from "../../core/markdown/render";
import type { Person } from "../../core/contracts/people";

export interface Comment {
  id: string;
  targetKind: "monitor" | "alert";
  targetId: string;
  author: string;
  /** The author as a person (name, handle, avatar); null for an author Vigil has no user for. */
  by?: Person | null;
  body: string;
  html: string;
  createdAt: number;
}

interface Row {
  id: string;
  target_kind: "monitor" | "alert";
  target_id: string;
  author: string;
  body: string;
  created_at: number;
  by_handle?: string | null;
  by_name?: string | null;
  by_avatar?: string | null;
}

const toComment = (r: Row): Comment => ({
  id: r.id,
  targetKind: r.target_kind,
  targetId: r.target_id,
  author: r.author,
  by: r.by_handle
    ? { id: r.author, handle: r.by_handle, name: r.by_name ?? r.author, avatarUrl: r.by_avatar ?? null }
    : null,
  body: r.body,
  html: renderMarkdown(r.body),
  createdAt: r.created_at,
});

export async function insertComment(db: D1Database, c: Omit<Comment, "html">): Promise<Comment> {
  await db
    .prepare("INSERT INTO comments (id, target_kind, target_id, author, body, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(c.id, c.targetKind, c.targetId, c.author, c.body, c.createdAt)
    .run();
  return { ...c, html: renderMarkdown(c.body) };
}

export async function listComments(db: D1Database, kind: "monitor" | "alert", id: string): Promise<Comment[]> {
  const { results } = await db
    .prepare(
      `SELECT c.*, u.handle AS by_handle, u.name AS by_name, u.avatar_url AS by_avatar FROM comments c
       LEFT JOIN users u ON u.id = c.author WHERE c.target_kind = ? AND c.target_id = ? ORDER BY c.created_at, c.id LIMIT 500`,
    )
    .bind(kind, id)
    .all<Row>();
  return results.map(toComment);
}
