import { roleSchema, type Role } from "../../core/contracts/auth";
import type { Member, Team } from "../../core/contracts/people";
import { toPerson } from "./users";

interface TeamRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  created_at: number;
  member_count: number;
  channel_ids: string | null;
}

const TEAM_SELECT = `SELECT t.*, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id) AS member_count,
  (SELECT json_group_array(channel_id) FROM team_channels c WHERE c.team_id = t.id) AS channel_ids FROM teams t`;

const toTeam = (r: TeamRow): Team => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  memberCount: r.member_count,
  channelIds: r.channel_ids ? (JSON.parse(r.channel_ids) as string[]) : [],
  createdAt: r.created_at,
});

export async function listTeams(db: D1Database, onlyIds?: readonly string[]): Promise<Team[]> {
  if (onlyIds && onlyIds.length === 0) return [];
  const stmt = onlyIds
    ? db.prepare(`${TEAM_SELECT} WHERE t.id IN (${onlyIds.map(() => "?").join(",")}) ORDER BY t.name`).bind(...onlyIds)
    : db.prepare(`${TEAM_SELECT} ORDER BY t.name LIMIT 1000`);
  const { results } = await stmt.all<TeamRow>();
  return results.map(toTeam);
}

/** By id, slug (with or without @) or name, case-insensitively: monitors and API clients name teams all three ways. */
export async function findTeam(db: D1Database, ref: string): Promise<Team | null> {
  const r = ref.trim();
  const row = await db
    .prepare(`${TEAM_SELECT} WHERE t.id = ?1 OR t.slug = lower(?2) OR lower(t.name) = lower(?1) LIMIT 1`)
    .bind(r, r.replace(/^@/, ""))
    .first<TeamRow>();
  return row ? toTeam(row) : null;
}

export async function insertTeam(
  db: D1Database,
  t: { id: string; slug: string; name: string; description: string; createdBy: string },
  now: number,
): Promise<Team> {
  await db
    .prepare(
      "INSERT INTO teams (id, slug, name, description, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(t.id, t.slug, t.name, t.description, t.createdBy, now, now)
    .run();
  return (await findTeam(db, t.id))!;
}

export async function updateTeam(
  db: D1Database,
  id: string,
  p: { name?: string; description?: string },
  now: number,
): Promise<void> {
  await db
    .prepare(
      "UPDATE teams SET name = coalesce(?, name), description = coalesce(?, description), updated_at = ? WHERE id = ?",
    )
    .bind(p.name ?? null, p.description ?? null, now, id)
    .run();
}

/** Delete a team with its memberships, channels and group mappings; owned objects become unowned. */
export async function deleteTeam(db: D1Database, id: string): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM team_members WHERE team_id = ?").bind(id),
    db.prepare("DELETE FROM team_channels WHERE team_id = ?").bind(id),
    db.prepare("DELETE FROM team_group_mappings WHERE team_id = ?").bind(id),
    db.prepare("UPDATE monitors SET team_id = NULL WHERE team_id = ?").bind(id),
    db.prepare("UPDATE dashboards SET team_id = NULL WHERE team_id = ?").bind(id),
    db.prepare("UPDATE notebooks SET team_id = NULL WHERE team_id = ?").bind(id),
    db.prepare("UPDATE collections SET team_id = NULL WHERE team_id = ?").bind(id),
    db.prepare("DELETE FROM teams WHERE id = ?").bind(id),
  ]);
}

interface MemberRow {
  id: string;
  handle: string;
  name: string;
  avatar_url: string | null;
  role: string;
  source: "manual" | "groups";
}

export async function teamMembers(db: D1Database, teamId: string): Promise<Member[]> {
  const { results } = await db
    .prepare(
      `SELECT u.id, u.handle, u.name, u.avatar_url, m.role, m.source FROM team_members m JOIN users u ON u.id = m.user_id
       WHERE m.team_id = ? AND u.disabled_at IS NULL ORDER BY u.name LIMIT 2000`,
    )
    .bind(teamId)
    .all<MemberRow>();
  return results.map((r) => ({
    ...toPerson({ id: r.id, handle: r.handle, name: r.name, avatarUrl: r.avatar_url }),
    role: roleSchema.catch("viewer").parse(r.role),
    source: r.source,
  }));
}

/** A user's roles per team id: what the auth middleware loads for every session request. */
export async function rolesOf(db: D1Database, userId: string): Promise<Record<string, Role>> {
  const { results } = await db
    .prepare("SELECT team_id, role FROM team_members WHERE user_id = ?")
    .bind(userId)
    .all<{ team_id: string; role: string }>();
  const out: Record<string, Role> = {};
  for (const r of results) out[r.team_id] = roleSchema.catch("viewer").parse(r.role);
  return out;
}

export async function upsertMember(
  db: D1Database,
  m: { teamId: string; userId: string; role: Role; source: "manual" | "groups"; addedBy: string },
  now: number,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO team_members (team_id, user_id, role, source, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(team_id, user_id) DO UPDATE SET role = excluded.role, source = excluded.source`,
    )
    .bind(m.teamId, m.userId, m.role, m.source, m.addedBy, now)
    .run();
}

export async function removeMember(db: D1Database, teamId: string, userId: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM team_members WHERE team_id = ? AND user_id = ?").bind(teamId, userId).run();
  return (r.meta.changes ?? 0) > 0;
}

/** The team's notification channels: where a mention of @team goes besides its members. */
export async function teamChannels(db: D1Database, teamId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT channel_id FROM team_channels WHERE team_id = ? ORDER BY channel_id")
    .bind(teamId)
    .all<{ channel_id: string }>();
  return results.map((r) => r.channel_id);
}

export async function setTeamChannels(db: D1Database, teamId: string, channelIds: readonly string[]): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM team_channels WHERE team_id = ?").bind(teamId),
    ...[...new Set(channelIds)].map((ch) =>
      db.prepare("INSERT INTO team_channels (team_id, channel_id) VALUES (?, ?)").bind(teamId, ch),
    ),
  ]);
}
