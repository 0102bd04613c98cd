import { Hono } from "hono";
import { createTokenSchema } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../env";
import { newId, randomToken, sha256Hex } from "../lib/crypto";
import { jsonBody } from "../lib/validate";
import { forgetCachedTokens, requireScope } from "../middleware/auth";
import { insertToken, listTokens, revokeToken } from "../db/tokens";

/** Token management (admin). `GET /api/me` tells any valid token who it is. */
export const tokenRoutes = new Hono<AppEnv>()
  .get("/me", requireScope(null), (c) => c.json(c.get("principal")))
  .use("/tokens", requireScope("admin"))
  .use("/tokens/*", requireScope("admin"))
  .get("/tokens", async (c) => c.json({ tokens: await listTokens(c.env.DB) }))
  .post("/tokens", async (c) => {
    const body = await jsonBody(c, createTokenSchema);
    const secret = `vgl_${randomToken(24)}`;
    const info = await insertToken(c.env.DB, {
      id: newId("tok"),
      name: body.name,
      userId: body.userId ?? c.get("principal").userId,
      hash: await sha256Hex(secret),
      prefix: secret.slice(0, 8),
      scopes: body.scopes,
      createdBy: c.get("principal").userId,
      now: Date.now(),
    });
    return c.json({ token: secret, info }, 201);
  })
  .delete("/tokens/:id", async (c) => {
    const ok = await revokeToken(c.env.DB, c.req.param("id"), Date.now());
    if (!ok) throw new ApiError("NOT_FOUND", `token ${c.req.param("id")} not found or already revoked`);
    forgetCachedTokens();
    return c.json({ revoked: c.req.param("id") });
  });
