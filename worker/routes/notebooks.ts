import { publicUrlFor } from "../../platform/public-url";
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
  listShares,
  listVisibleNotebooks,
  saveNotebook,
  setNotebookTeam,
  type Notebook,
} from "../../platform/db/notebooks";
import { forgetItem, recordView } from "../../platform/db/user-items";
import { newId } from "../../platform/lib/crypto";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { notebookView } from "../../platform/workspace/notebook-view";
import { loadNotebook, notebookRights } from "../lib/notebook-access";
import { ownerFilter, ownerFilterQuery, setOwnerSchema } from "../lib/ownership";
import { resolveOwnerRefs } from "../lib/owner-refs";
import { teamIdsOf } from "../../core/people/roles";

type C = Context<AppEnv>;

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
    const nb = await loadNotebook(c, id, "edit");
    const now = Date.now();
    const patch = rules(() => change(nb, now));
    const saved = await saveNotebook(c.env.DB, nb, patch, now);
    if (saved) return saved;
  }
  throw new ApiError("CONFLICT", `notebook ${id} is being edited concurrently; retry`);
}

const MAX_BODY = 1024 * 1024;

/** What the caller may do, so the page shows only the buttons that work. */
const view = (c: C, nb: Notebook) => ({ ...notebookView(nb), rights: notebookRights(c.get("principal"), nb) });

/** Only a member of a team (or an organisation admin) may share a notebook with it; tokens by their scope. */
function assertMayShareWith(c: C, teamId: string, team: string): void {
  const p = c.get("principal");
  if (!p.roles || p.roles.org === "admin" || p.roles.teams[teamId]) return;
  throw new ApiError("FORBIDDEN", `to share a notebook with team ${team} you need to be a member of it`);
}

export const notebookRoutes = new Hono<AppEnv>()
  .get("/notebooks", requireScope("read"), async (c) => {
    const teamIds = await ownerFilter(c, queryParams(c, ownerFilterQuery));
    const p = c.get("principal");
    return c.json({
      notebooks: await listVisibleNotebooks(c.env.DB, { userId: p.userId, memberOf: teamIdsOf(p), teamIds }),
    });
  })
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
    return c.json(view(c, nb), 201);
  })
  .get("/notebooks/:id", requireScope("read"), async (c) => {
    const nb = await loadNotebook(c, c.req.param("id"), "read");
    await recordView(c.env.DB, c.get("principal").userId, "notebook", nb.id, nb.title, Date.now());
    const own = nb.owner === c.get("principal").userId;
    return c.json({ ...view(c, nb), shares: own ? await listShares(c.env.DB, nb.id) : [] });
  })
  .put("/notebooks/:id/team", requireScope("write"), async (c) => {
    const { team } = await jsonBody(c, setOwnerSchema, 4096);
    const nb = await loadNotebook(c, c.req.param("id"), "own");
    const owner = await resolveOwnerRefs(c, { team });
    if (owner.teamId) assertMayShareWith(c, owner.teamId, owner.team);
    await setNotebookTeam(c.env.DB, nb.id, owner.teamId, Date.now());
    return c.json(view(c, await loadNotebook(c, nb.id, "read")));
  })
  .patch("/notebooks/:id", requireScope("write"), async (c) => {
    const body = await jsonBody(c, updateNotebookSchema);
    return c.json(view(c, await mutate(c, c.req.param("id"), () => ({ title: body.title }))));
  })
  .delete("/notebooks/:id", requireScope("write"), async (c) => {
    const id = c.req.param("id");
    const nb = await loadNotebook(c, id, "own");
    if (!(await deleteNotebook(c.env.DB, id, nb.owner))) throw new ApiError("NOT_FOUND", `notebook ${id} not found`);
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
      const nb = await loadNotebook(c, id, "edit");
      const r = await appendCell(
        c.env.DB,
        id,
        nb.owner,
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
      return c.json(view(c, await loadNotebook(c, id, "read")), 201);
    }
    const nb = await mutate(c, id, (cur, now) => ({
      cells: insertCell(cur.cells, makeCell(body.cell, cellId, user, now), body.position),
    }));
    return c.json(view(c, nb), 201);
  })
  .patch("/notebooks/:id/cells/:cellId", requireScope("write"), async (c) => {
    const body = await jsonBody(c, editCellSchema, MAX_BODY);
    const cellId = c.req.param("cellId");
    const nb = await mutate(c, c.req.param("id"), (cur, now) => {
      const cells = editCell(cur.cells, cellId, body, now);
      if (!cells) throw new ApiError("NOT_FOUND", `cell ${cellId} not found`);
      return { cells };
    });
    return c.json(view(c, nb));
  })
  .delete("/notebooks/:id/cells/:cellId", requireScope("write"), async (c) => {
    const cellId = c.req.param("cellId");
    const nb = await mutate(c, c.req.param("id"), (cur) => {
      const cells = removeCell(cur.cells, cellId);
      if (!cells) throw new ApiError("NOT_FOUND", `cell ${cellId} not found`);
      return { cells };
    });
    return c.json(view(c, nb));
  })
  .put("/notebooks/:id/order", requireScope("write"), async (c) => {
    const body = await jsonBody(c, reorderSchema);
    return c.json(
      view(c, await mutate(c, c.req.param("id"), (cur) => ({ cells: reorderCells(cur.cells, body.cellIds) }))),
    );
  })
  .get("/notebooks/:id/export.md", requireScope("read"), async (c) => {
    const nb = await loadNotebook(c, c.req.param("id"), "read");
    const md = notebookToMarkdown({
      title: nb.title,
      owner: nb.owner,
      updatedAt: nb.updatedAt,
      cells: nb.cells,
      baseUrl: publicUrlFor(c.env, c.req.url),
    });
    const filename = nb.title.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "notebook";
    return c.body(md, 200, {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}.md"`,
      "x-content-type-options": "nosniff",
    });
  });
