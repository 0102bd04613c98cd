import type { Context } from "hono";
import type { Role } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { mayActOn } from "../../core/people/roles";
import type { AppEnv } from "../app-env";

const verb: Record<Role, string> = { viewer: "view", responder: "respond to", editor: "edit", admin: "administer" };

/**
 * Ownership check for anything a team owns (monitors, dashboards, notebooks, SLOs in issue 15): a person needs
 * `needed` organisation-wide or in the owning team; tokens are limited by their scopes only.
 */
export function assertMayActOn(
  c: Context<AppEnv>,
  owner: { teamId: string | null; teamName?: string | null; what: string },
  needed: Role = "editor",
): void {
  if (mayActOn(c.get("principal"), owner.teamId, needed)) return;
  const team = owner.teamName ? `team ${owner.teamName}` : owner.teamId ? `team ${owner.teamId}` : "any team";
  throw new ApiError("FORBIDDEN", `to ${verb[needed]} ${owner.what} you need the ${needed} role on ${team}`);
}
