import type { Context } from "hono";
import type { Role, Scope } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import type { User } from "../../core/contracts/people";
import { atLeast } from "../../core/people/roles";
import { isTimeZone } from "../../core/people/time-zone";
import { ensureTokenUser, getUser, setUserRole, updateProfile } from "../../platform/db/users";
import { openSession } from "../../platform/people/sign-in";
import type { AppEnv } from "../app-env";
import { setSessionCookie } from "../middleware/auth-session";

const roleOfScope: Partial<Record<Scope, Role>> = {
  admin: "admin",
  write: "editor",
  respond: "responder",
  read: "viewer",
};

/**
 * A one-time link opened in a browser: a session for the link's user. The link's scopes were chosen by an admin,
 * so the user's organisation role is raised to match (never lowered): this is how a first admin gets in before an
 * identity provider is configured.
 */
export async function linkSession(
  c: Context<AppEnv>,
  link: { userId: string; scopes: Scope[] },
  timeZone: string | null,
  now: number,
): Promise<User> {
  const roles = link.scopes.map((s) => roleOfScope[s]).filter((r): r is Role => !!r);
  if (!roles.length) throw new ApiError("FORBIDDEN", "an ingest-only link cannot sign a person in");
  const role = roles.reduce((a, b) => (atLeast(a, b) ? a : b));
  const user = await ensureTokenUser(c.env.DB, link.userId, now);
  if (user.disabledAt) throw new ApiError("FORBIDDEN", "this account is disabled in Vigil: ask an admin");
  if (!atLeast(user.role, role)) await setUserRole(c.env.DB, user.id, role, now);
  if (timeZone && isTimeZone(timeZone) && user.timeZoneSource === "default")
    await updateProfile(c.env.DB, user.id, { timeZone, timeZoneSource: "browser" }, now);
  const s = await openSession(
    c.env,
    { userId: user.id, method: "link", identity: null, userAgent: c.req.header("user-agent") ?? null },
    now,
  );
  setSessionCookie(c, s);
  return (await getUser(c.env.DB, user.id))!;
}
