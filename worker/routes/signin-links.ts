import { publicUrlFor } from "../../platform/public-url";
import { Hono } from "hono";
import { createSigninLinkSchema, grants, SIGNIN_CODE_PREFIX, signinExchangeSchema } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { mintToken } from "../../platform/auth/mint";
import {
  insertSigninLink,
  pruneSigninLinks,
  recordMintedToken,
  signinLinkState,
  spendSigninLink,
} from "../../platform/db/signin-links";
import type { AppEnv } from "../app-env";
import { randomToken, sha256Hex } from "../../platform/lib/crypto";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { linkSession } from "./signin-link-session";

/** One-time sign-in links. The code travels in the URL fragment (never sent to a server, never in logs); the web
 * app exchanges it once for a fresh token of the link's scopes. A second use, or a use after expiry, fails. */
export const signinLinkRoutes = new Hono<AppEnv>()
  .post("/signin-links", requireScope("admin"), async (c) => {
    const body = await jsonBody(c, createSigninLinkSchema, 4 * 1024);
    const me = c.get("principal");
    // An admin holds every scope, so this only matters if link creation is ever opened to other scopes.
    for (const s of body.scopes)
      if (!grants(me.scopes, s)) throw new ApiError("FORBIDDEN", `you cannot hand out the '${s}' scope`);
    const code = `${SIGNIN_CODE_PREFIX}${randomToken(24)}`;
    const now = Date.now();
    const expiresAt = now + body.ttlMinutes * 60_000;
    await pruneSigninLinks(c.env.DB, now);
    await insertSigninLink(c.env.DB, {
      hash: await sha256Hex(code),
      userId: body.userId ?? me.userId,
      scopes: body.scopes,
      createdBy: me.userId,
      now,
      expiresAt,
    });
    const base = publicUrlFor(c.env, c.req.url);
    return c.json({ url: `${base}/signin#code=${code}`, code, expiresAt, scopes: body.scopes }, 201);
  })
  // No token here: the code is the credential.
  .post("/signin/exchange", async (c) => {
    const { code, session, timeZone } = await jsonBody(c, signinExchangeSchema, 1024);
    const hash = await sha256Hex(code);
    const now = Date.now();
    const link = await spendSigninLink(c.env.DB, hash, now);
    if (!link) {
      const state = await signinLinkState(c.env.DB, hash, now);
      const why = state === "used" ? "was already used" : state === "expired" ? "has expired" : "is not valid";
      throw new ApiError(
        "UNAUTHENTICATED",
        `this sign-in link ${why}: ask for a new one (npm start prints one; admins POST /api/signin-links)`,
      );
    }
    if (session) {
      await recordMintedToken(c.env.DB, hash, "session");
      const user = await linkSession(c, link, timeZone ?? null, now);
      return c.json({ user, session: true }, 201);
    }
    const { secret, info } = await mintToken(c.env.DB, {
      name: "Browser sign-in (one-time link)",
      userId: link.userId,
      scopes: link.scopes,
      createdBy: link.userId,
    });
    await recordMintedToken(c.env.DB, hash, info.id);
    return c.json({ token: secret, info }, 201);
  });
