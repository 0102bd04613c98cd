import { Hono } from "hono";
import { createTokenSchema } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import { mintToken } from "../../platform/auth/mint";
import { jsonBody } from "../lib/validate";
import { forgetCachedTokens, requireScope } from "../middleware/auth";
import { listTokens, revokeToken } from "../../platform/db/tokens";

/** Token management (admin). `GET /api/me` (worker/routes/people.ts) tells any credential who it is. */
export const tokenRoutes = new Hono<AppEnv>()
  .use("/tokens", requireScope("admin"))
  .use("/tokens/*", requireScope("admin"))
  .get("/tokens", async (c) => c.json({ tokens: await listTokens(c.env.DB) }))
  .post("/tokens", async (c) => {
    const body = await jsonBody(c, createTokenSchema);
    const { secret, info } = await mintToken(c.env.DB, {
      name: body.name,
      userId: body.userId ?? c.get("principal").userId,
      scopes: body.scopes,
      createdBy: c.get("principal").userId,
    });
    return c.json({ token: secret, info }, 201);
  })
  .delete("/tokens/:id", async (c) => {
    const ok = await revokeToken(c.env.DB, c.req.param("id"), Date.now());
    if (!ok) throw new ApiError("NOT_FOUND", `token ${c.req.param("id")} not found or already revoked`);
    forgetCachedTokens();
    return c.json({ revoked: c.req.param("id") });
  });
