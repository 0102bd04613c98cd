import { config } from "../../platform/env";
import { Hono, type Context } from "hono";
import { ApiError } from "../../core/contracts/errors";
import {
  addCellSchema,
  createNotebookSchema,
  editCell,
  editCellSchema,
  insertCell,
  makeCell,
  NOTEBOOK_LIMITS,
  NotebookRuleError,
  removeCell,
  reorderCells,
  reorderSchema,
  updateNotebookSchema,
  type Cell,
} from "../../core/contracts/notebooks";
import { notebookToMarkdown } from "../../core/workspace/notebook-export";
import type { AppEnv } from "../app-env";
import {
  appendCell,
  deleteNotebook,
  insertNotebook,
  listOwnNotebooks,
  listShares,
  saveNotebook,
  type Notebook,
} from "../../platform/db/notebooks";
import { forgetItem, recordView } from "../../platform/db/user-items";
import { newId } from "../../platform/lib/crypto";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { notebookView } from "../../platform/workspace/notebook-view";
import { loadOwnNotebook } from "../lib/notebook-access";

type C = Context<AppEnv>;

const loadOwn = loadOwnNotebook;

function rules<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NotebookRuleError) throw new ApiError("VALIDATION", e.message);
    throw e;
  }
}

/** Read-modify-write with compare-and-set; retried because two tabs appending evidence at once is normal. */
async function mutate(
  c: C,
  id: string,
  change: (nb: Notebook, now: number) => { title?: string; cells?: Cell[] },
): Promise<Notebook> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const nb = await loadOwn(c, id);
    const now = Date.now();
    const patch = rules(() => change(nb, now));
    const saved = await saveNotebook(c.env.DB, nb, patch, now);
    if (saved) return saved;
  }
  throw new ApiError("CONFLICT", `notebook ${id} is being edited concurrently; retry`);
}

const MAX_BODY = 1024 * 1024;

export const notebookRoutes = new Hono<AppEnv>()
  .get("/notebooks", requireScope("read"), async (c) =>
    c.json({ notebooks: await listOwnNotebooks(c.env.DB, c.get("principal").userId) }),
  )
  .post("/notebooks", requireScope("write"), async (c) => {
    const body = await jsonBody(c, createNotebookSchema, MAX_BODY);
    const user = c.get("principal").userId;
    const now = Date.now();
    const cells = rules(() =>
      body.cells.reduce<Cell[]>((acc, input) => insertCell(acc, makeCell(input, newId("cell"), user, now)), []),
    );
    const nb = await insertNotebook(c.env.DB, {
      id: newId("nb"),
      owner: user,
      title: body.title,
      cells,
      createdAt: now,
      updatedAt: now,
    });
    return c.json(notebookView(nb), 201);
  })
  .get("/notebooks/:id", requireScope("read"), async (c) => {
    const nb = await loadOwn(c, c.req.param("id"));
    await recordView(c.env.DB, nb.owner, "notebook", nb.id, nb.title, Date.now());
    return c.json({ ...notebookView(nb), shares: await listShares(c.env.DB, nb.id) });
  })
  .patch("/notebooks/:id", requireScope("write"), async (c) => {
    const body = await jsonBody(c, updateNotebookSchema);
    return c.json(notebookView(await mutate(c, c.req.param("id"), () => ({ title: body.title }))));
  })
  .delete("/notebooks/:id", requireScope("write"), async (c) => {
    const id = c.req.param("id");
    if (!(await deleteNotebook(c.env.DB, id, c.get("principal").userId)))
      throw new ApiError("NOT_FOUND", `notebook ${id} not found`);
    await forgetItem(c.env.DB, "notebook", id);
    return c.json({ deleted: id });
  })
  .post("/notebooks/:id/cells", requireScope("write"), async (c) => {
    const body = await jsonBody(c, addCellSchema, MAX_BODY);
    const user = c.get("principal").userId;
    const cellId = newId("cell");
    const id = c.req.param("id");
    if (body.position === undefined) {
      const cell = rules(() => makeCell(body.cell, cellId, user, Date.now()));
      const r = await appendCell(
        c.env.DB,
        id,
        user,
        cell,
        { cells: NOTEBOOK_LIMITS.cells, bytes: NOTEBOOK_LIMITS.notebookBytes },
        Date.now(),
      );
      if (r === "missing") throw new ApiError("NOT_FOUND", `notebook ${id} not found`);
      if (r === "full")
        throw new ApiError(
          "VALIDATION",
          `the notebook is full (at most ${NOTEBOOK_LIMITS.cells} cells and ${NOTEBOOK_LIMITS.notebookBytes} bytes)`,
        );
      return c.json(notebookView(await loadOwn(c, id)), 201);
    }
    const nb = await mutate(c, id, (cur, now) => ({
      cells: insertCell(cur.cells, makeCell(body.cell, cellId, user, now), body.position),
    }));
    return c.json(notebookView(nb), 201);
  })
  .patch("/notebooks/:id/cells/:cellId", requireScope("write"), async (c) => {
    const body = await jsonBody(c, editCellSchema, MAX_BODY);
    const cellId = c.req.param("cellId");
    const nb = await mutate(c, c.req.param("id"), (cur, now) => {
      const cells = editCell(cur.cells, cellId, body, now);
      if (!cells) throw new ApiError("NOT_FOUND", `cell ${cellId} not found`);
      return { cells };
    });
    return c.json(notebookView(nb));
  })
  .delete("/notebooks/:id/cells/:cellId", requireScope("write"), async (c) => {
    const cellId = c.req.param("cellId");
    const nb = await mutate(c, c.req.param("id"), (cur) => {
      const cells = removeCell(cur.cells, cellId);
      if (!cells) throw new ApiError("NOT_FOUND", `cell ${cellId} not found`);
      return { cells };
    });
    return c.json(notebookView(nb));
  })
  .put("/notebooks/:id/order", requireScope("write"), async (c) => {
    const body = await jsonBody(c, reorderSchema);
    return c.json(
      notebookView(await mutate(c, c.req.param("id"), (cur) => ({ cells: reorderCells(cur.cells, body.cellIds) }))),
    );
  })
  .get("/notebooks/:id/export.md", requireScope("read"), async (c) => {
    const nb = await loadOwn(c, c.req.param("id"));
    const md = notebookToMarkdown({
      title: nb.title,
      owner: nb.owner,
      updatedAt: nb.updatedAt,
      cells: nb.cells,
      baseUrl: config(c.env).publicUrl ?? undefined,
    });
    const filename = nb.title.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "notebook";
    return c.body(md, 200, {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}.md"`,
      "x-content-type-options": "nosniff",
    });
  });
