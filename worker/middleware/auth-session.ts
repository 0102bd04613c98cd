// Browser sessions: an HttpOnly, Secure, SameSite=Lax cookie holding an opaque secret (SHA-256 at rest), and a
// CSRF token derived from that secret that every state-changing request must echo in `X-CSRF-Token`.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Principal } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { findLiveSession, touchSession } from "../../platform/db/sessions";
import { getUser, touchUser } from "../../platform/db/users";
import { sha256Hex, timingSafeEqualHex } from "../../platform/lib/crypto";
import { peopleConfig } from "../../platform/people/config";
import { csrfTokenFor, type OpenedSession } from "../../platform/people/sign-in";
import type { AppEnv } from "../app-env";
import { sessionPrincipalFor } from "./auth-principal";

/** `__Host-`: Secure, Path=/, no Domain, so no subdomain can plant or read it. Chromium (and Firefox) keep Secure
 * cookies on http://127.0.0.1 and http://localhost (loopback counts as a secure context), so local dev works. */
export const SESSION_COOKIE = "__Host-vigil_session";
export const CSRF_HEADER = "x-csrf-token";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function setSessionCookie(c: Context<AppEnv>, s: OpenedSession): void {
  setCookie(c, SESSION_COOKIE, s.secret, {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Lax",
    expires: new Date(s.expiresAt),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
}

/** The principal of a live session, or null (revoked, expired, idle too long, disabled user, or Access now names
 * someone else). Unsafe methods must carry the session's CSRF token; WebSocket upgrades must come from our origin. */
export async function sessionPrincipal(
  c: Context<AppEnv>,
  secret: string,
  accessIdentity: string | null,
): Promise<Principal | null> {
  const now = Date.now();
  const cfg = peopleConfig(c.env);
  const id = await sha256Hex(secret);
  const row = await findLiveSession(c.env.DB, id, now, cfg.sessionIdleMs);
  if (!row) return null;
  if (accessIdentity && row.method === "access" && row.identity !== accessIdentity) return null;
  const user = await getUser(c.env.DB, row.user_id);
  if (!user || user.disabledAt) return null;
  if (!SAFE.has(c.req.method)) {
    const sent = c.req.header(CSRF_HEADER) ?? "";
    if (!timingSafeEqualHex(sent, await csrfTokenFor(secret)))
      throw new ApiError("FORBIDDEN", `missing or wrong CSRF token: send the ${CSRF_HEADER} header from GET /api/me`);
  }
  if (c.req.header("upgrade")?.toLowerCase() === "websocket") {
    const origin = c.req.header("origin");
    if (origin && origin !== new URL(c.req.url).origin)
      throw new ApiError("FORBIDDEN", "a session's live feed opens only from Vigil's own pages");
  }
  await touchSession(c.env.DB, id, now);
  await touchUser(c.env.DB, user.id, now);
  return sessionPrincipalFor(c.env, user, id);
}

/** For GET /api/me: the CSRF token of the calling session (readable only by our own origin's scripts). */
export async function csrfOfRequest(c: Context<AppEnv>): Promise<string | null> {
  const secret = getCookie(c, SESSION_COOKIE);
  return secret ? csrfTokenFor(secret) : null;
}
