// Sign-in through an identity provider (OpenID Connect), sign-out, and a person's own sessions.
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import { sessionInfoSchema } from "../../core/contracts/people";
import { isTimeZone } from "../../core/people/time-zone";
import { listUserSessions, pruneSessions, revokeSession } from "../../platform/db/sessions";
import { insertOidcLogin, spendOidcLogin } from "../../platform/db/oidc-logins";
import { config } from "../../platform/env";
import { sha256Hex } from "../../platform/lib/crypto";
import { peopleConfig } from "../../platform/people/config";
import { finishLogin, OidcError, startLogin } from "../../platform/people/oidc";
import { openSession, userForIdentity } from "../../platform/people/sign-in";
import type { AppEnv } from "../app-env";
import { queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { clearSessionCookie, setSessionCookie } from "../middleware/auth-session";

const STATE_COOKIE = "__Host-vigil_oidc_state";
const LOGIN_TTL_MS = 10 * 60_000;

const safeNext = (n: string | undefined) =>
  n && n.startsWith("/") && !n.startsWith("//") && !n.startsWith("/\\") ? n : "/";
const base = (c: Context<AppEnv>) => config(c.env).publicUrl ?? new URL(c.req.url).origin;
const redirectUri = (c: Context<AppEnv>) => `${base(c)}/api/auth/oidc/callback`;

const loginQuery = z.object({
  next: z.string().max(2000).optional(),
  tz: z.string().max(64).optional(),
});

/** Failures land on the sign-in page with the reason; nothing secret goes in the URL. */
function failTo(c: Context<AppEnv>, message: string) {
  return c.redirect(`/signin?error=${encodeURIComponent(message.slice(0, 300))}`, 302);
}

export const authRoutes = new Hono<AppEnv>()
  // Public: what the sign-in page offers.
  .get("/auth/config", (c) => {
    const cfg = peopleConfig(c.env);
    return c.json({ oidc: cfg.oidc ? { name: cfg.oidc.name } : null, access: !!cfg.access, link: true });
  })
  .get("/auth/oidc/login", async (c) => {
    const cfg = peopleConfig(c.env).oidc;
    if (!cfg) throw new ApiError("NOT_FOUND", "OpenID Connect is not configured (set OIDC_ISSUER and OIDC_CLIENT_ID)");
    const q = queryParams(c, loginQuery);
    let pending: Awaited<ReturnType<typeof startLogin>>;
    try {
      pending = await startLogin(cfg, redirectUri(c));
    } catch (e) {
      if (e instanceof OidcError) return failTo(c, `sign-in provider unavailable: ${e.message}`);
      throw e;
    }
    await insertOidcLogin(
      c.env.DB,
      await sha256Hex(pending.state),
      {
        codeVerifier: pending.codeVerifier,
        nonce: pending.nonce,
        nextPath: safeNext(q.next),
        timeZone: q.tz && isTimeZone(q.tz) ? q.tz : null,
      },
      Date.now(),
      LOGIN_TTL_MS,
    );
    // Binds the login to this browser: a callback carrying someone else's state (login CSRF) finds no cookie.
    setCookie(c, STATE_COOKIE, pending.state, {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      maxAge: LOGIN_TTL_MS / 1000,
    });
    return c.redirect(pending.url, 302);
  })
  .get("/auth/oidc/callback", async (c) => {
    const cfg = peopleConfig(c.env).oidc;
    if (!cfg) throw new ApiError("NOT_FOUND", "OpenID Connect is not configured");
    const url = new URL(c.req.url);
    const state = url.searchParams.get("state") ?? "";
    const cookieState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: "/", secure: true });
    if (!state || !cookieState || state !== cookieState)
      return failTo(c, "this sign-in was started in another browser or has expired: try again");
    const now = Date.now();
    const pending = await spendOidcLogin(c.env.DB, await sha256Hex(state), now);
    if (!pending) return failTo(c, "this sign-in has expired or was already used: try again");
    let id: Awaited<ReturnType<typeof finishLogin>>;
    try {
      // The callback URL as the provider saw our redirect_uri (behind a proxy the request URL may differ).
      const cb = new URL(`${redirectUri(c)}${url.search}`);
      id = await finishLogin(cfg, cb, { state, ...pending }, redirectUri(c));
    } catch (e) {
      if (e instanceof OidcError) return failTo(c, `sign-in failed: ${e.message}`);
      throw e;
    }
    const user = await userForIdentity(
      c.env,
      {
        provider: `oidc:${id.issuer}`,
        subject: id.subject,
        email: id.email,
        emailVerified: id.emailVerified,
        name: id.name,
        handleHint: id.preferredUsername,
        picture: id.picture,
        groups: id.groups,
        timeZone: pending.timeZone,
      },
      now,
    );
    if (user.disabledAt) return failTo(c, "this account is disabled in Vigil: ask an admin");
    await pruneSessions(c.env.DB, now);
    const session = await openSession(
      c.env,
      {
        userId: user.id,
        method: "oidc",
        identity: `oidc:${id.issuer}|${id.subject}`,
        userAgent: c.req.header("user-agent") ?? null,
      },
      now,
    );
    setSessionCookie(c, session);
    return c.redirect(pending.nextPath, 302);
  })
  .post("/auth/logout", requireScope(null), async (c) => {
    const p = c.get("principal");
    if (p.kind === "session" && p.sessionId) await revokeSession(c.env.DB, p.sessionId, Date.now());
    clearSessionCookie(c);
    return c.json({ signedOut: p.kind === "session" });
  })
  .get("/auth/sessions", requireScope(null), async (c) => {
    const p = c.get("principal");
    const rows = await listUserSessions(c.env.DB, p.userId, Date.now());
    return c.json({
      sessions: rows.map((r) =>
        sessionInfoSchema.parse({
          id: r.id.slice(0, 16),
          method: r.method,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          lastSeenAt: r.last_seen_at,
          userAgent: r.user_agent,
          current: r.id === p.sessionId,
        }),
      ),
    });
  })
  .delete("/auth/sessions/:id", requireScope(null), async (c) => {
    const p = c.get("principal");
    const prefix = c.req.param("id");
    if (!/^[0-9a-f]{16}$/.test(prefix)) throw new ApiError("VALIDATION", "a session id is 16 hex characters");
    const rows = await listUserSessions(c.env.DB, p.userId, Date.now());
    const row = rows.find((r) => r.id.startsWith(prefix));
    if (!row || !(await revokeSession(c.env.DB, row.id, Date.now(), p.userId)))
      throw new ApiError("NOT_FOUND", `session ${prefix} not found`);
    if (row.id === p.sessionId) clearSessionCookie(c);
    return c.json({ revoked: prefix });
  });
