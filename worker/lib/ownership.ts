import type { Context } from "hono";
import type { Role } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { z } from "zod";
import { mayActOn, teamIdsOf } from "../../core/people/roles";
import { findTeam } from "../../platform/db/teams";
import type { AppEnv } from "../app-env";
import { type OwnerRefs, resolveOwnerRefs } from "./owner-refs";

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

/** `?mine=1` and `?team=<id|slug|name>` of a list, shared by every owned kind. */
export const ownerFilterQuery = z.object({
  /** 1: only what the caller's teams own. */
  mine: z.enum(["0", "1"]).optional(),
  team: z.string().trim().max(200).optional(),
});

/** The team ids a list is limited to, or undefined for everything. An unknown team matches nothing (not all). */
export async function ownerFilter(
  c: Context<AppEnv>,
  q: { mine?: "0" | "1"; team?: string },
): Promise<string[] | undefined> {
  let teamIds = q.mine === "1" ? teamIdsOf(c.get("principal")) : undefined;
  if (q.team) {
    const t = await findTeam(c.env.DB, q.team);
    teamIds = t ? (teamIds ?? [t.id]).filter((id) => id === t.id) : [];
  }
  return teamIds;
}

/** Body of `PUT …/:id/team`: the new owner by id, slug or name, or null for no team. */
export const setOwnerSchema = z.object({ team: z.string().trim().min(1).max(200).nullable() }).strict();

/**
 * Moving something to another team is editing it twice: the editor role on the team that owns it now, and on the
 * team it goes to (so nobody can push work onto a team, or pull a team's work away, without rights on it).
 */
export async function assertMayMove(
  c: Context<AppEnv>,
  from: { teamId: string | null; teamName?: string | null; what: string },
  to: string | null,
): Promise<OwnerRefs> {
  assertMayActOn(c, from);
  const owner = await resolveOwnerRefs(c, { team: to });
  if (owner.teamId !== from.teamId)
    assertMayActOn(c, { teamId: owner.teamId, teamName: owner.team, what: `${from.what} (moving it to this team)` });
  return owner;
}
