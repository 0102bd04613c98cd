// Notebooks are private to their owner unless the owner shares one with a team: then the team's members read it
// and its editors (and admins) edit it. Organisation-wide roles do not reach into notebooks: sharing is explicit.
// Tokens act as the user they name, for that user's own notebooks only (a token carries no team roles).
import type { Context } from "hono";
import type { Principal } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { atLeast } from "../../core/people/roles";
import { getNotebook, type Notebook } from "../../platform/db/notebooks";
import type { AppEnv } from "../app-env";

/** read: see it; edit: change title and cells; own: delete, share links, choose the team. */
export type NotebookRight = "read" | "edit" | "own";

export function notebookRights(p: Principal, nb: Pick<Notebook, "owner" | "teamId">): NotebookRight[] {
  if (nb.owner === p.userId) return ["read", "edit", "own"];
  const role = nb.teamId ? p.roles?.teams[nb.teamId] : undefined;
  if (!role) return [];
  return atLeast(role, "editor") ? ["read", "edit"] : ["read"];
}

/** Load a notebook the caller holds `right` on. Without even read it is a 404, so existence does not leak. */
export async function loadNotebook(c: Context<AppEnv>, id: string, right: NotebookRight): Promise<Notebook> {
  const nb = await getNotebook(c.env.DB, id);
  const rights = nb ? notebookRights(c.get("principal"), nb) : [];
  if (!nb || !rights.includes("read")) throw new ApiError("NOT_FOUND", `notebook ${id} not found`);
  if (!rights.includes(right))
    throw new ApiError(
      "FORBIDDEN",
      right === "edit"
        ? `notebook ${nb.title} is shared with team ${nb.team ?? nb.teamId}: editing it needs the editor role there`
        : `only the notebook's owner can do this to notebook ${nb.title}`,
    );
  return nb;
}
