import type { MiddlewareHandler } from "hono";
import { grants, type Principal, type Scope } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import type { Env } from "../../platform/env";
import { sha256Hex, timingSafeEqualHex } from "../../platform/lib/crypto";
import { findActiveTokenByHash, touchToken } from "../../platform/db/tokens";

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
    principal = { tokenId: "bootstrap", userId: "admin", scopes: ["admin"] };
  } else {
    const row = await findActiveTokenByHash(env.DB, hash);
    if (row) {
      principal = { tokenId: row.id, userId: row.userId, scopes: row.scopes };
      await touchToken(env.DB, row.id, now);
    }
  }
  cache.set(hash, { principal, until: now + CACHE_TTL_MS });
  if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
  return principal;
}

/** Authenticate, then require `scope` (or any valid token when `scope` is null).
 * Every route group mounts this with the scope it needs. */
export function requireScope(scope: Scope | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let principal = c.get("principal");
    if (!principal) {
      const token = extractToken(c.req.raw);
      if (!token) throw new ApiError("UNAUTHENTICATED", "missing API token: send Authorization: Bearer <token>");
      const found = await resolvePrincipal(c.env, token);
      if (!found) throw new ApiError("UNAUTHENTICATED", "invalid or revoked API token");
      principal = found;
      c.set("principal", principal);
    }
    if (scope && !grants(principal.scopes, scope)) {
      throw new ApiError("FORBIDDEN", `this token lacks the '${scope}' scope`);
    }
    await next();
  };
}
