import { roleSchema, type Role } from "../../core/contracts/auth";
import { upsertMember } from "./teams";

export interface GroupMapping {
  group: string;
  teamId: string;
  role: Role;
}

export async function listGroupMappings(db: D1Database, teamId?: string): Promise<GroupMapping[]> {
  const stmt = teamId
    ? db.prepare("SELECT * FROM team_group_mappings WHERE team_id = ? ORDER BY group_name").bind(teamId)
    : db.prepare("SELECT * FROM team_group_mappings ORDER BY group_name LIMIT 5000");
  const { results } = await stmt.all<{ group_name: string; team_id: string; role: string }>();
  return results.map((r) => ({
    group: r.group_name,
    teamId: r.team_id,
    role: roleSchema.catch("viewer").parse(r.role),
  }));
}

export async function putGroupMapping(db: D1Database, m: GroupMapping): Promise<void> {
  await db
    .prepare(
      "INSERT INTO team_group_mappings (group_name, team_id, role) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role",
    )
    .bind(m.group, m.teamId, m.role)
    .run();
}

export async function deleteGroupMapping(db: D1Database, teamId: string, group: string): Promise<boolean> {
  const r = await db
    .prepare("DELETE FROM team_group_mappings WHERE team_id = ? AND group_name = ?")
    .bind(teamId, group)
    .run();
  return (r.meta.changes ?? 0) > 0;
}

/**
 * Keep a user's group-sourced memberships in step with the provider's `groups` claim at sign-in: join the mapped
 * teams (the highest mapped role wins), leave the group-sourced ones no longer mapped. Manual memberships stay.
 */
export async function syncGroups(db: D1Database, userId: string, groups: readonly string[], now: number) {
  const wanted = new Map<string, Role>();
  const rank = { viewer: 0, responder: 1, editor: 2, admin: 3 } as const;
  if (groups.length) {
    const part = [...new Set(groups)].slice(0, 200);
    const { results } = await db
      .prepare(`SELECT * FROM team_group_mappings WHERE group_name IN (${part.map(() => "?").join(",")})`)
      .bind(...part)
      .all<{ team_id: string; role: string }>();
    for (const r of results) {
      const role = roleSchema.catch("viewer").parse(r.role);
      const prev = wanted.get(r.team_id);
      if (!prev || rank[role] > rank[prev]) wanted.set(r.team_id, role);
    }
  }
  const { results: current } = await db
    .prepare("SELECT team_id, source FROM team_members WHERE user_id = ?")
    .bind(userId)
    .all<{ team_id: string; source: string }>();
  for (const c of current) {
    if (c.source === "groups" && !wanted.has(c.team_id))
      await db.prepare("DELETE FROM team_members WHERE team_id = ? AND user_id = ?").bind(c.team_id, userId).run();
  }
  const manual = new Set(current.filter((c) => c.source === "manual").map((c) => c.team_id));
  for (const [teamId, role] of wanted) {
    if (manual.has(teamId)) continue;
    await upsertMember(db, { teamId, userId, role, source: "groups", addedBy: "groups" }, now);
  }
}
