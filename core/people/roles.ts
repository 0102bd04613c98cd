import type { Principal, Role, Scope } from "../contracts/auth";

const rank: Record<Role, number> = { viewer: 0, responder: 1, editor: 2, admin: 3 };

/** Each role is one of the token scopes, so a person and a token with the same rights pass the same checks. */
export const roleScope: Record<Role, Scope> = { viewer: "read", responder: "respond", editor: "write", admin: "admin" };

export function atLeast(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && rank[held] >= rank[needed];
}

export function highest(list: readonly Role[]): Role {
  return list.reduce<Role>((best, r) => (rank[r] > rank[best] ? r : best), "viewer");
}

/** The route-level scopes of a person: those of their highest role, organisation-wide or in any team. A team's
 * admin administers that team only, so at route level it counts as an editor; `admin` comes from the org role. */
export function scopesOf(org: Role, teams: Record<string, Role>): Scope[] {
  const fromTeams = Object.values(teams).map((r): Role => (r === "admin" ? "editor" : r));
  return [roleScope[highest([org, ...fromTeams])]];
}

/**
 * May this principal act with `needed` on something owned by `teamId` (null: owned by no team)?
 * - tokens are machines: their scopes are their limit, whatever team owns the object;
 * - a person needs the role organisation-wide, or in the owning team; an unowned object takes the person's
 *   highest role anywhere (so any team's editor may edit what no team owns).
 */
export function mayActOn(p: Principal, teamId: string | null, needed: Role): boolean {
  if (!p.roles) return p.scopes.some((s) => s === "admin" || rankOfScope(s) >= rank[needed]);
  if (atLeast(p.roles.org, needed)) return true;
  if (teamId === null) return Object.values(p.roles.teams).some((r) => atLeast(r, needed));
  return atLeast(p.roles.teams[teamId], needed);
}

function rankOfScope(s: Scope): number {
  return s === "write" ? rank.editor : s === "respond" ? rank.responder : s === "read" ? rank.viewer : -1;
}

/** The teams a person belongs to (for "my teams" filters); tokens belong to none. */
export function teamIdsOf(p: Principal): string[] {
  return p.roles ? Object.keys(p.roles.teams) : [];
}
