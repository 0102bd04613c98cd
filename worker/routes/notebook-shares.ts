import { publicUrlFor } from "../../platform/public-url";
import { Hono } from "hono";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import { insertShare, notebookByShareHash, revokeShares } from "../../platform/db/notebooks";
import { newId, randomToken, sha256Hex } from "../../platform/lib/crypto";
import { requireScope } from "../middleware/auth";
import { notebookView } from "../../platform/workspace/notebook-view";
import { loadNotebook } from "../lib/notebook-access";

const loadOwn = (c: Parameters<typeof loadNotebook>[0], id: string) => loadNotebook(c, id, "own");

/** Share links: a random secret in the URL, only its hash stored. The public read needs no token and
 * has no write routes at all, so a leaked link can never change the notebook. */
export const shareRoutes = new Hono<AppEnv>()
  .post("/notebooks/:id/share", requireScope("write"), async (c) => {
    const nb = await loadOwn(c, c.req.param("id"));
    const secret = randomToken(32);
    const id = newId("shr");
    await insertShare(c.env.DB, {
      id,
      notebookId: nb.id,
      hash: await sha256Hex(secret),
      by: c.get("principal").userId,
      now: Date.now(),
    });
    const base = publicUrlFor(c.env, c.req.url);
    return c.json(
      { id, secret, url: `${base}/share/notebooks/${secret}`, apiUrl: `${base}/api/shared/notebooks/${secret}` },
      201,
    );
  })
  .delete("/notebooks/:id/share", requireScope("write"), async (c) => {
    const nb = await loadOwn(c, c.req.param("id"));
    return c.json({ revoked: await revokeShares(c.env.DB, nb.id, Date.now()) });
  })
  .delete("/notebooks/:id/share/:shareId", requireScope("write"), async (c) => {
    const nb = await loadOwn(c, c.req.param("id"));
    const n = await revokeShares(c.env.DB, nb.id, Date.now(), c.req.param("shareId"));
    if (n === 0) throw new ApiError("NOT_FOUND", `share ${c.req.param("shareId")} not found or already revoked`);
    return c.json({ revoked: n });
  });

export const sharedNotebookRoutes = new Hono<AppEnv>().get("/shared/notebooks/:secret", async (c) => {
  const secret = c.req.param("secret");
  const nb =
    secret.length >= 20 && secret.length <= 100 ? await notebookByShareHash(c.env.DB, await sha256Hex(secret)) : null;
  if (!nb) throw new ApiError("NOT_FOUND", "shared notebook not found or the link was revoked");
  // The public view names no person and no team.
  const { owner: _owner, version: _version, teamId: _teamId, team: _team, ...view } = notebookView(nb, true);
  c.header("cache-control", "no-store");
  c.header("referrer-policy", "no-referrer");
  return c.json(view);
});
