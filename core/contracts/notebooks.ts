import { z } from "zod";

/** Notebooks: an ordered list of evidence cells. Stored as one JSON document per notebook (the cells are
 * always read and written together, and ordering is then just the array order). */

export const NOTEBOOK_LIMITS = { cells: 200, cellBytes: 256 * 1024, notebookBytes: 900 * 1024, title: 200 } as const;

const timeSchema = z.union([z.number().int().nonnegative(), z.string().max(40)]);
/** Per-cell time window; absolute (ms or ISO) or relative (`now-1h`). */
export const timeOverrideSchema = z
  .object({ from: timeSchema, to: timeSchema })
  .strict()
  .refine(
    (t) => typeof t.from !== "number" || typeof t.to !== "number" || t.from <= t.to,
    "timeOverride.from must not be after timeOverride.to",
  );

const query = z.string().trim().min(1).max(10_000);
const jsonValue = z.unknown().refine((v) => v !== undefined, "required");

export const cellContentSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("markdown"), source: z.string().max(100_000) }),
  z.object({
    type: z.literal("query_chart"),
    query,
    datasource: z.enum(["metrics", "traces", "logs"]).default("metrics"),
    step: z.number().positive().optional(),
  }),
  z.object({
    type: z.literal("snapshot_chart"),
    query,
    data: jsonValue,
    snapshotId: z.string().max(100).optional(),
    dashboardId: z.string().max(100).optional(),
    panelId: z.string().max(100).optional(),
  }),
  z.object({
    type: z.literal("ddx"),
    kind: z.enum(["metric", "trace", "log"]).default("metric"),
    query: z.string().max(10_000).optional(),
    result: jsonValue,
  }),
  z.object({
    type: z.literal("log_line"),
    timestamp: timeSchema,
    body: z.string().max(20_000),
    service: z.string().max(200).optional(),
    severity: z.string().max(40).optional(),
    traceId: z.string().max(64).optional(),
    spanId: z.string().max(32).optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    type: z.literal("trace_link"),
    traceId: z.string().regex(/^[0-9a-fA-F]{16,32}$/, "traceId must be 16-32 hex digits"),
    spanId: z.string().max(32).optional(),
    service: z.string().max(200).optional(),
    summary: z.string().max(2_000).optional(),
  }),
  z.object({
    type: z.literal("alert"),
    alertId: z.string().max(100),
    monitorSlug: z.string().max(200).optional(),
    state: z.string().max(40).optional(),
    severity: z.string().max(40).optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
]);
export type CellContent = z.infer<typeof cellContentSchema>;
export type CellType = CellContent["type"];

const cellMeta = {
  title: z.string().max(NOTEBOOK_LIMITS.title).optional(),
  timeOverride: timeOverrideSchema.nullable().optional(),
};

/** A new cell as clients send it: the content plus optional title and time override. */
export const cellInputSchema = z.intersection(cellContentSchema, z.object(cellMeta));
export type CellInput = z.infer<typeof cellInputSchema>;

export type Cell = CellInput & { id: string; createdAt: number; updatedAt: number; createdBy: string };

export const createNotebookSchema = z
  .object({
    title: z.string().trim().min(1).max(NOTEBOOK_LIMITS.title),
    cells: z.array(cellInputSchema).max(NOTEBOOK_LIMITS.cells).default([]),
  })
  .strict();

export const updateNotebookSchema = z.object({ title: z.string().trim().min(1).max(NOTEBOOK_LIMITS.title) }).strict();

export const addCellSchema = z.object({ cell: cellInputSchema, position: z.number().int().min(0).optional() }).strict();

/** An edit replaces the content (same type) and/or the title/time override. */
export const editCellSchema = z
  .object({
    ...cellMeta,
    content: cellContentSchema.optional(),
  })
  .strict();

export const reorderSchema = z.object({ cellIds: z.array(z.string().max(100)).max(NOTEBOOK_LIMITS.cells) }).strict();

export class NotebookRuleError extends Error {}

const utf8 = new TextEncoder();
function bytesOf(v: unknown): number {
  return utf8.encode(JSON.stringify(v)).length;
}

export function checkCell(cell: CellInput): void {
  const n = bytesOf(cell);
  if (n > NOTEBOOK_LIMITS.cellBytes)
    throw new NotebookRuleError(`a cell is ${n} bytes of JSON; the limit is ${NOTEBOOK_LIMITS.cellBytes}`);
}

export function checkNotebook(cells: Cell[]): void {
  if (cells.length > NOTEBOOK_LIMITS.cells)
    throw new NotebookRuleError(`a notebook holds at most ${NOTEBOOK_LIMITS.cells} cells`);
  const n = bytesOf(cells);
  if (n > NOTEBOOK_LIMITS.notebookBytes)
    throw new NotebookRuleError(`the notebook would be ${n} bytes; the limit is ${NOTEBOOK_LIMITS.notebookBytes}`);
}

export function makeCell(input: CellInput, id: string, by: string, now: number): Cell {
  checkCell(input);
  return { ...input, id, createdAt: now, updatedAt: now, createdBy: by };
}

export function insertCell(cells: Cell[], cell: Cell, position?: number): Cell[] {
  const at = position === undefined ? cells.length : Math.min(position, cells.length);
  const next = [...cells.slice(0, at), cell, ...cells.slice(at)];
  checkNotebook(next);
  return next;
}

export function editCell(cells: Cell[], id: string, edit: z.infer<typeof editCellSchema>, now: number): Cell[] | null {
  const i = cells.findIndex((c) => c.id === id);
  if (i < 0) return null;
  const old = cells[i]!;
  if (edit.content && edit.content.type !== old.type)
    throw new NotebookRuleError(`cell ${id} is a ${old.type} cell; its type cannot change to ${edit.content.type}`);
  const merged = { ...old, ...(edit.content ?? {}), updatedAt: now } as Cell;
  if (edit.title !== undefined) merged.title = edit.title;
  if (edit.timeOverride !== undefined) merged.timeOverride = edit.timeOverride;
  checkCell(merged);
  const next = cells.map((c, j) => (j === i ? merged : c));
  checkNotebook(next);
  return next;
}

export function removeCell(cells: Cell[], id: string): Cell[] | null {
  const next = cells.filter((c) => c.id !== id);
  return next.length === cells.length ? null : next;
}

/** The new order must name every cell exactly once, so a stale client cannot drop cells by accident. */
export function reorderCells(cells: Cell[], ids: string[]): Cell[] {
  const byId = new Map(cells.map((c) => [c.id, c]));
  if (ids.length !== cells.length || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) {
    throw new NotebookRuleError("cellIds must list every cell of the notebook exactly once");
  }
  return ids.map((id) => byId.get(id)!);
}

// The answers of /api/notebooks, shared by the worker's contract tests and the web app.
// A cell is read loosely (its type and the fields every cell has): the strict shape is the input above, and a
// cell kind from a newer server should render as an unknown cell, not break the whole notebook.
export const cellViewSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    title: z.string().optional(),
    timeOverride: timeOverrideSchema.nullable().optional(),
    /** Markdown cells: the source rendered inert by the server. */
    html: z.string().optional(),
    createdAt: z.number(),
    updatedAt: z.number(),
    createdBy: z.string(),
  })
  .loose();
export type CellView = z.infer<typeof cellViewSchema> & Record<string, unknown>;

/** What a share link shows: no owner, team or version. */
export const sharedNotebookSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    cells: z.array(cellViewSchema),
    createdAt: z.number(),
    updatedAt: z.number(),
    readOnly: z.boolean(),
  })
  .loose();
/** A notebook as its owner and team see it, with what the caller may do to it. */
export const notebookSchema = sharedNotebookSchema.extend({
  owner: z.string(),
  teamId: z.string().nullable(),
  team: z.string().nullable(),
  version: z.number(),
  rights: z.array(z.enum(["read", "edit", "own"])),
});
export const notebookShareSchema = z
  .object({ id: z.string(), createdAt: z.number(), revokedAt: z.number().nullable() })
  .loose();
/** GET /api/notebooks/:id adds its share links (only the owner sees them; others get []). */
export const notebookDetailSchema = notebookSchema.extend({ shares: z.array(notebookShareSchema) });
export const notebookSummarySchema = z
  .object({
    id: z.string(),
    owner: z.string(),
    teamId: z.string().nullable(),
    team: z.string().nullable(),
    title: z.string(),
    cellCount: z.number(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .loose();
export type NotebookSummary = z.infer<typeof notebookSummarySchema>;
export const notebookListSchema = z.object({ notebooks: z.array(notebookSummarySchema) });
export const notebookDeletedSchema = z.object({ deleted: z.string() });
export const notebookShareCreatedSchema = z.object({
  id: z.string(),
  secret: z.string(),
  url: z.string(),
  apiUrl: z.string(),
});
export const sharesRevokedSchema = z.object({ revoked: z.number() });
