import type { Principal } from "../../core/contracts/auth";
import type { User } from "../../core/contracts/people";
import { scopesOf } from "../../core/people/roles";
import { rolesOf } from "../../platform/db/teams";
import type { Env } from "../../platform/env";

/** A person's principal: roles are read on every request, so a role change applies at once. */
export async function sessionPrincipalFor(env: Env, user: User, sessionId: string): Promise<Principal> {
  const teams = await rolesOf(env.DB, user.id);
  return {
    tokenId: "session",
    userId: user.id,
    scopes: scopesOf(user.role, teams),
    kind: "session",
    sessionId,
    roles: { org: user.role, teams },
  };
}
