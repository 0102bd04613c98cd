// Cloudflare Access in front of Vigil: a valid `Cf-Access-Jwt-Assertion` signs the person in (just in time) and
// opens a Vigil session, so writes from that browser carry the same CSRF protection as any other session.
import type { Context } from "hono";
import type { Principal } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { AccessJwtError, type AccessIdentity, verifyAccessJwt } from "../../platform/people/access-jwt";
import { peopleConfig } from "../../platform/people/config";
import { openSession, userForIdentity } from "../../platform/people/sign-in";
import type { AppEnv } from "../app-env";
import { sessionPrincipalFor } from "./auth-principal";
import { setSessionCookie } from "./auth-session";

const HEADER = "cf-access-jwt-assertion";

/** The assertion when Access is configured and the request carries one. */
export function accessAssertion(c: Context<AppEnv>): string | null {
  if (!peopleConfig(c.env).access) return null;
  return c.req.header(HEADER)?.trim() || null;
}

export interface VerifiedAccess {
  key: string;
  identity: AccessIdentity;
}

/** Verify the assertion (an invalid one is a 401 even beside a valid session: Access would have refused it). */
export async function verifyAccess(c: Context<AppEnv>, jwt: string): Promise<VerifiedAccess> {
  const cfg = peopleConfig(c.env).access!;
  try {
    const identity = await verifyAccessJwt(jwt, cfg);
    return { key: `access:${cfg.teamDomain}|${identity.subject}`, identity };
  } catch (e) {
    if (e instanceof AccessJwtError) throw new ApiError("UNAUTHENTICATED", e.message);
    throw e;
  }
}

export async function accessPrincipal(c: Context<AppEnv>, v: VerifiedAccess): Promise<Principal> {
  // A fresh Access sign-in has no CSRF token yet: a write must come from a page that loaded GET /api/me first.
  if (!["GET", "HEAD", "OPTIONS"].includes(c.req.method))
    throw new ApiError("FORBIDDEN", "missing CSRF token: load Vigil (GET /api/me) to open a session first");
  const cfg = peopleConfig(c.env).access!;
  const id = v.identity;
  const now = Date.now();
  const provider = `access:${cfg.teamDomain}`;
  const user = await userForIdentity(
    c.env,
    {
      provider,
      subject: id.subject,
      email: id.email,
      // Access has already authenticated the email against the team's identity provider.
      emailVerified: !!id.email,
      name: id.name,
      handleHint: null,
      picture: null,
      groups: id.groups,
      timeZone: null,
    },
    now,
  );
  if (user.disabledAt) throw new ApiError("FORBIDDEN", "this account is disabled in Vigil: ask an admin");
  const session = await openSession(
    c.env,
    { userId: user.id, method: "access", identity: v.key, userAgent: c.req.header("user-agent") ?? null },
    now,
  );
  setSessionCookie(c, session);
  return sessionPrincipalFor(c.env, user, session.id);
}
