import { z } from "zod";
import type { CellInput } from "../../../core/contracts/notebooks";
import { api, apiFetch } from "./client";

// Cells are validated loosely here (type + known fields): the server's contract is the strict one, and a
// new cell kind from a newer server should render as "unknown cell", not break the whole notebook.
export const cellViewSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    title: z.string().optional(),
    html: z.string().optional(),
    createdAt: z.number().optional(),
    createdBy: z.string().optional(),
  })
  .loose();
export type CellView = z.infer<typeof cellViewSchema> & Record<string, unknown>;

export const notebookSchema = z.object({
  id: z.string(),
  title: z.string(),
  cells: z.array(cellViewSchema),
  updatedAt: z.number(),
  createdAt: z.number().optional(),
  readOnly: z.boolean().optional(),
  shares: z.array(z.object({ id: z.string() }).loose()).optional(),
});
export type NotebookView = z.infer<typeof notebookSchema>;
const summary = z.object({ id: z.string(), title: z.string(), cellCount: z.number(), updatedAt: z.number() });
export type NotebookSummary = z.infer<typeof summary>;

export const notebookQueries = {
  all: ["notebooks"] as const,
  list: () => ["notebooks", "list"] as const,
  detail: (id: string) => ["notebooks", "detail", id] as const,
  shared: (secret: string) => ["notebooks", "shared", secret] as const,
};

export const listNotebooks = () =>
  api("/api/notebooks", z.object({ notebooks: z.array(summary) })).then((r) => r.notebooks);
export const getNotebook = (id: string) => api(`/api/notebooks/${encodeURIComponent(id)}`, notebookSchema);
export const getSharedNotebook = (secret: string) =>
  api(`/api/shared/notebooks/${encodeURIComponent(secret)}`, notebookSchema);
export const createNotebook = (title: string, cells: CellInput[] = []) =>
  api("/api/notebooks", notebookSchema, { method: "POST", body: { title, cells } });
export const addCell = (id: string, cell: CellInput) =>
  api(`/api/notebooks/${encodeURIComponent(id)}/cells`, notebookSchema, { method: "POST", body: { cell } });
export const deleteCell = (id: string, cellId: string) =>
  api(`/api/notebooks/${encodeURIComponent(id)}/cells/${encodeURIComponent(cellId)}`, notebookSchema, {
    method: "DELETE",
  });
export const reorderCells = (id: string, cellIds: string[]) =>
  api(`/api/notebooks/${encodeURIComponent(id)}/order`, notebookSchema, { method: "PUT", body: { cellIds } });
export const shareNotebook = (id: string) =>
  api(
    `/api/notebooks/${encodeURIComponent(id)}/share`,
    z.object({ id: z.string(), secret: z.string(), url: z.string() }),
    { method: "POST" },
  );
export const revokeShares = (id: string) =>
  api(`/api/notebooks/${encodeURIComponent(id)}/share`, z.unknown(), { method: "DELETE" });
export const exportNotebook = (id: string) =>
  apiFetch(`/api/notebooks/${encodeURIComponent(id)}/export.md`).then((r) => r.text());

/** Move one id up or down in an order; pure so the reorder buttons are tested without a server. */
export function moveId(ids: string[], id: string, delta: -1 | 1): string[] {
  const i = ids.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= ids.length) return ids;
  const next = [...ids];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}
