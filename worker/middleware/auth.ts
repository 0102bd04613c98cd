// Who is this request? The one place that answers it, for API tokens, browser sessions and Cloudflare Access.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { grants, type Principal, type Scope } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { findActiveTokenByHash, touchToken } from "../../platform/db/tokens";
import { sha256Hex, timingSafeEqualHex } from "../../platform/lib/crypto";
import type { Env } from "../../platform/env";
import type { AppEnv } from "../app-env";
import { accessAssertion, accessPrincipal, verifyAccess } from "./auth-access";
import { SESSION_COOKIE, sessionPrincipal } from "./auth-session";

const CACHE_TTL_MS = 10_000;
const cache = new Map<string, { principal: Principal | null; until: number }>();

/** Forget cached lookups (called on revoke so revocation takes effect at once in this isolate). */
export function forgetCachedTokens(): void {
  cache.clear();
}

/** Accepts `Authorization: Bearer <t>`, `Basic base64(any:<t>)` (Prometheus remote_write basic_auth),
 * and `?access_token=` on WebSocket upgrades (browsers cannot set headers there). */
export function extractToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (header) {
    const [kind, value] = header.split(/\s+/, 2);
    if (kind?.toLowerCase() === "bearer" && value) return value.trim();
    if (kind?.toLowerCase() === "basic" && value) {
      try {
        const decoded = atob(value);
        const i = decoded.indexOf(":");
        return i >= 0 ? decoded.slice(i + 1) : null;
      } catch {
        return null;
      }
    }
    return null;
  }
  if (req.headers.get("upgrade")?.toLowerCase() === "websocket") {
    return new URL(req.url).searchParams.get("access_token");
  }
  return null;
}

export async function resolvePrincipal(env: Env, token: string): Promise<Principal | null> {
  const hash = await sha256Hex(token);
  const hit = cache.get(hash);
  const now = Date.now();
  if (hit && hit.until > now) return hit.principal;
  let principal: Principal | null = null;
  if (env.VIGIL_ADMIN_TOKEN && timingSafeEqualHex(hash, await sha256Hex(env.VIGIL_ADMIN_TOKEN))) {
    principal = { tokenId: "bootstrap", userId: "admin", scopes: ["admin"], kind: "bootstrap" };
  } else {
    const row = await findActiveTokenByHash(env.DB, hash);
    if (row) {
      principal = { tokenId: row.id, userId: row.userId, scopes: row.scopes, kind: "token" };
      await touchToken(env.DB, row.id, now);
    }
  }
  cache.set(hash, { principal, until: now + CACHE_TTL_MS });
  if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
  return principal;
}

/** A token in a header beats a cookie; a cookie beats Cloudflare Access (which then opens a session). */
async function authenticate(c: Context<AppEnv>): Promise<Principal> {
  const token = extractToken(c.req.raw);
  if (token) {
    const found = await resolvePrincipal(c.env, token);
    if (!found) throw new ApiError("UNAUTHENTICATED", "invalid or revoked API token");
    return found;
  }
  const secret = getCookie(c, SESSION_COOKIE);
  const assertion = accessAssertion(c);
  const access = assertion ? await verifyAccess(c, assertion) : null;
  if (secret) {
    const found = await sessionPrincipal(c, secret, access?.key ?? null);
    if (found) return found;
    if (!access)
      throw new ApiError("UNAUTHENTICATED", "your session has ended (signed out, expired or revoked): sign in again");
  }
  if (access) return accessPrincipal(c, access);
  throw new ApiError("UNAUTHENTICATED", "missing API token: send Authorization: Bearer <token>, or sign in");
}

/** Authenticate, then require `scope` (or any valid credential when `scope` is null).
 * Every route group mounts this with the scope it needs. */
/** A requireScope middleware says which scope it demands, so the OpenAPI document reads it off the app's routes. */
export type ScopedMiddleware = MiddlewareHandler<AppEnv> & { readonly requiredScope: Scope | null };

export function requireScope(scope: Scope | null): ScopedMiddleware {
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    let principal = c.get("principal");
    if (!principal) {
      principal = await authenticate(c);
      c.set("principal", principal);
    }
    if (scope && !grants(principal.scopes, scope)) {
      throw new ApiError(
        "FORBIDDEN",
        principal.roles
          ? `your role (${highestRoleName(principal)}) cannot do this: it needs the '${scope}' scope`
          : `this token lacks the '${scope}' scope`,
      );
    }
    await next();
  };
  return Object.assign(check, { requiredScope: scope });
}

function highestRoleName(p: Principal): string {
  const s = p.scopes[0];
  return s === "admin" ? "admin" : s === "write" ? "editor" : s === "respond" ? "responder" : "viewer";
}
