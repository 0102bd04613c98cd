import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import {
  addFavorite,
  itemKinds,
  listFavorites,
  listRecent,
  recordView,
  removeFavorite,
  type ItemKind,
} from "../../platform/db/user-items";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

const kindSchema = z.enum(itemKinds);
const idSchema = z.string().min(1).max(200);

function target(kind: string, id: string): { kind: ItemKind; id: string } {
  const k = kindSchema.safeParse(kind);
  if (!k.success) throw new ApiError("VALIDATION", `kind must be one of ${itemKinds.join(", ")}`);
  const i = idSchema.safeParse(id);
  if (!i.success) throw new ApiError("VALIDATION", "id must be 1-200 characters");
  return { kind: k.data, id: i.data };
}

const titleBody = z.object({ title: z.string().max(200).optional() }).strict();

/** Per-user favorites and recently viewed items. Views are the caller's own history, so recording one
 * needs only `read`: a read-only user still gets a useful home page. */
export const favoriteRoutes = new Hono<AppEnv>()
  .get("/favorites", requireScope("read"), async (c) =>
    c.json({ favorites: await listFavorites(c.env.DB, c.get("principal").userId) }),
  )
  .put("/favorites/:kind/:id", requireScope("write"), async (c) => {
    const t = target(c.req.param("kind"), c.req.param("id"));
    const body = await jsonBody(c, titleBody);
    await addFavorite(c.env.DB, c.get("principal").userId, t.kind, t.id, body.title ?? null, Date.now());
    return c.json({ favorite: { ...t, title: body.title ?? null } });
  })
  .delete("/favorites/:kind/:id", requireScope("write"), async (c) => {
    const t = target(c.req.param("kind"), c.req.param("id"));
    if (!(await removeFavorite(c.env.DB, c.get("principal").userId, t.kind, t.id)))
      throw new ApiError("NOT_FOUND", `${t.kind} ${t.id} is not a favorite`);
    return c.json({ removed: t });
  })
  .get("/recent", requireScope("read"), async (c) =>
    c.json({ recent: await listRecent(c.env.DB, c.get("principal").userId) }),
  )
  .post("/recent", requireScope("read"), async (c) => {
    const body = await jsonBody(
      c,
      z.object({ kind: kindSchema, id: idSchema, title: z.string().max(200).optional() }).strict(),
    );
    await recordView(c.env.DB, c.get("principal").userId, body.kind, body.id, body.title ?? null, Date.now());
    return c.json({ recorded: body }, 201);
  });
