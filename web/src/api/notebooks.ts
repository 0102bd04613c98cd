import type { z } from "zod";
import {
  type CellInput,
  notebookDetailSchema,
  notebookListSchema,
  notebookSchema,
  notebookShareCreatedSchema,
  sharedNotebookSchema,
  sharesRevokedSchema,
} from "../../../core/contracts/notebooks";
import { api, apiFetch } from "./client";

export type { CellView, NotebookSummary } from "../../../core/contracts/notebooks";
/** A notebook as the routes that change it answer; the detail read adds its share links. */
export type NotebookView = z.infer<typeof notebookSchema> & { shares?: z.infer<typeof notebookDetailSchema>["shares"] };

export const notebookQueries = {
  all: ["notebooks"] as const,
  list: () => ["notebooks", "list"] as const,
  detail: (id: string) => ["notebooks", "detail", id] as const,
  shared: (secret: string) => ["notebooks", "shared", secret] as const,
};

export const listNotebooks = () => api("/api/notebooks", notebookListSchema).then((r) => r.notebooks);
export const getNotebook = (id: string) => api(`/api/notebooks/${encodeURIComponent(id)}`, notebookDetailSchema);
export const getSharedNotebook = (secret: string) =>
  api(`/api/shared/notebooks/${encodeURIComponent(secret)}`, sharedNotebookSchema);
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
  api(`/api/notebooks/${encodeURIComponent(id)}/share`, notebookShareCreatedSchema, { method: "POST" });
export const revokeShares = (id: string) =>
  api(`/api/notebooks/${encodeURIComponent(id)}/share`, sharesRevokedSchema, { method: "DELETE" });
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
