import { renderMarkdown } from "../../core/markdown/render";

export interface Comment {
  id: string;
  targetKind: "monitor" | "alert";
  targetId: string;
  author: string;
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
}

const toComment = (r: Row): Comment => ({
  id: r.id,
  targetKind: r.target_kind,
  targetId: r.target_id,
  author: r.author,
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
    .prepare("SELECT * FROM comments WHERE target_kind = ? AND target_id = ? ORDER BY created_at, id LIMIT 500")
    .bind(kind, id)
    .all<Row>();
  return results.map(toComment);
}
