import type { Context } from "hono";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import { getOwnNotebook, type Notebook } from "../../platform/db/notebooks";

/** Notebooks are private to their owner: for anyone else they answer 404, so existence does not leak. */
export async function loadOwnNotebook(c: Context<AppEnv>, id: string): Promise<Notebook> {
  const nb = await getOwnNotebook(c.env.DB, id, c.get("principal").userId);
  if (!nb) throw new ApiError("NOT_FOUND", `notebook ${id} not found`);
  return nb;
}
