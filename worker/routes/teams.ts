// Teams (members with roles, notification channels, group mappings) and collections.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import {
  collectionInputSchema,
  groupMappingSchema,
  memberInputSchema,
  memberPatchSchema,
  teamChannelsSchema,
  teamInputSchema,
  teamPatchSchema,
} from "../../core/contracts/people";
import { handleFrom } from "../../core/people/handles";
import { teamIdsOf } from "../../core/people/roles";
import { deleteCollection, findCollection, insertCollection, listCollections } from "../../platform/db/collections";
import { getChannels } from "../../platform/db/monitors";
import { deleteGroupMapping, listGroupMappings, putGroupMapping } from "../../platform/db/team-groups";
import {
  deleteTeam,
  findTeam,
  insertTeam,
  listTeams,
  removeMember,
  setTeamChannels,
  teamMembers,
  updateTeam,
  upsertMember,
} from "../../platform/db/teams";
import { findUser, handleTaken } from "../../platform/db/users";
import { newId } from "../../platform/lib/crypto";
import type { AppEnv } from "../app-env";
import { assertMayActOn } from "../lib/ownership";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

type C = Context<AppEnv>;

async function mustTeam(c: C) {
  const t = await findTeam(c.env.DB, c.req.param("team")!);
  if (!t) throw new ApiError("NOT_FOUND", `team ${c.req.param("team")} not found`);
  return t;
}

/** Team admins (or organisation admins) manage a team. */
async function adminTeam(c: C) {
  const t = await mustTeam(c);
  assertMayActOn(c, { teamId: t.id, teamName: t.name, what: `team ${t.name}` }, "admin");
  return t;
}

async function mustUser(c: C, ref: string) {
  const u = await findUser(c.env.DB, ref);
  if (!u) throw new ApiError("NOT_FOUND", `user ${ref} not found`);
  return u;
}

export const teamRoutes = new Hono<AppEnv>()
  .get("/teams", requireScope("read"), async (c) => {
    const { mine } = queryParams(c, z.object({ mine: z.enum(["0", "1"]).optional() }));
    const teams = await listTeams(c.env.DB, mine === "1" ? teamIdsOf(c.get("principal")) : undefined);
    return c.json({ teams });
  })
  .post("/teams", requireScope("admin"), async (c) => {
    const body = await jsonBody(c, teamInputSchema, 8 * 1024);
    const slug = body.slug ?? handleFrom(body.name);
    if (await handleTaken(c.env.DB, slug)) throw new ApiError("CONFLICT", `@${slug} is taken by a person or a team`);
    if (await findTeam(c.env.DB, body.name)) throw new ApiError("CONFLICT", `a team named ${body.name} exists`);
    const team = await insertTeam(
      c.env.DB,
      { id: newId("tm"), slug, name: body.name, description: body.description, createdBy: c.get("principal").userId },
      Date.now(),
    );
    return c.json(team, 201);
  })
  .get("/teams/:team", requireScope("read"), async (c) => {
    const t = await mustTeam(c);
    return c.json({
      ...t,
      members: await teamMembers(c.env.DB, t.id),
      groups: await listGroupMappings(c.env.DB, t.id),
    });
  })
  .patch("/teams/:team", requireScope("write"), async (c) => {
    const t = await adminTeam(c);
    const body = await jsonBody(c, teamPatchSchema, 8 * 1024);
    if (body.name && body.name.toLowerCase() !== t.name.toLowerCase() && (await findTeam(c.env.DB, body.name)))
      throw new ApiError("CONFLICT", `a team named ${body.name} exists`);
    await updateTeam(c.env.DB, t.id, body, Date.now());
    return c.json(await findTeam(c.env.DB, t.id));
  })
  .delete("/teams/:team", requireScope("admin"), async (c) => {
    const t = await mustTeam(c);
    await deleteTeam(c.env.DB, t.id);
    return c.json({ deleted: t.id, name: t.name });
  })
  .get("/teams/:team/members", requireScope("read"), async (c) => {
    const t = await mustTeam(c);
    return c.json({ members: await teamMembers(c.env.DB, t.id) });
  })
  .post("/teams/:team/members", requireScope("write"), async (c) => {
    const t = await adminTeam(c);
    const body = await jsonBody(c, memberInputSchema, 1024);
    const u = await mustUser(c, body.user);
    await upsertMember(
      c.env.DB,
      { teamId: t.id, userId: u.id, role: body.role, source: "manual", addedBy: c.get("principal").userId },
      Date.now(),
    );
    return c.json({ id: t.id, name: t.name, member: u.id, role: body.role }, 201);
  })
  .patch("/teams/:team/members/:user", requireScope("write"), async (c) => {
    const t = await adminTeam(c);
    const body = await jsonBody(c, memberPatchSchema, 1024);
    const u = await mustUser(c, c.req.param("user"));
    if (!(await teamMembers(c.env.DB, t.id)).some((m) => m.id === u.id))
      throw new ApiError("NOT_FOUND", `${u.handle} is not a member of ${t.name}`);
    await upsertMember(
      c.env.DB,
      { teamId: t.id, userId: u.id, role: body.role, source: "manual", addedBy: c.get("principal").userId },
      Date.now(),
    );
    return c.json({ id: t.id, name: t.name, member: u.id, role: body.role });
  })
  .delete("/teams/:team/members/:user", requireScope("write"), async (c) => {
    const t = await adminTeam(c);
    const u = await mustUser(c, c.req.param("user"));
    if (!(await removeMember(c.env.DB, t.id, u.id)))
      throw new ApiError("NOT_FOUND", `${u.handle} is not a member of ${t.name}`);
    return c.json({ id: t.id, name: t.name, removed: u.id });
  })
  .put("/teams/:team/channels", requireScope("write"), async (c) => {
    const t = await adminTeam(c);
    const { channelIds } = await jsonBody(c, teamChannelsSchema, 8 * 1024);
    const found = new Set((await getChannels(c.env.DB, channelIds)).map((ch) => ch.id));
    const missing = channelIds.filter((id) => !found.has(id));
    if (missing.length)
      throw new ApiError("VALIDATION", `channelIds: unknown notification channel ${missing.join(", ")}`);
    await setTeamChannels(c.env.DB, t.id, channelIds);
    return c.json(await findTeam(c.env.DB, t.id));
  })
  // Group-to-team mapping changes who gets in: organisation admins only.
  .put("/teams/:team/groups", requireScope("admin"), async (c) => {
    const t = await mustTeam(c);
    const body = await jsonBody(c, groupMappingSchema, 2048);
    await putGroupMapping(c.env.DB, { group: body.group, teamId: t.id, role: body.role });
    return c.json({ id: t.id, name: t.name, groups: await listGroupMappings(c.env.DB, t.id) });
  })
  .delete("/teams/:team/groups/:group", requireScope("admin"), async (c) => {
    const t = await mustTeam(c);
    if (!(await deleteGroupMapping(c.env.DB, t.id, c.req.param("group"))))
      throw new ApiError("NOT_FOUND", `group ${c.req.param("group")} is not mapped to ${t.name}`);
    return c.json({ id: t.id, name: t.name, groups: await listGroupMappings(c.env.DB, t.id) });
  })
  .get("/collections", requireScope("read"), async (c) => c.json({ collections: await listCollections(c.env.DB) }))
  .post("/collections", requireScope("write"), async (c) => {
    const body = await jsonBody(c, collectionInputSchema, 8 * 1024);
    if (await findCollection(c.env.DB, body.name))
      throw new ApiError("CONFLICT", `a collection named ${body.name} exists`);
    const slug = body.slug ?? handleFrom(body.name);
    if (await findCollection(c.env.DB, slug)) throw new ApiError("CONFLICT", `a collection with slug ${slug} exists`);
    const team = body.teamId ? await findTeam(c.env.DB, body.teamId) : null;
    if (body.teamId && !team) throw new ApiError("VALIDATION", `teamId: team ${body.teamId} not found`);
    // A collection a team owns is that team's work: nobody outside its editors may put one on it.
    if (team) assertMayActOn(c, { teamId: team.id, teamName: team.name, what: `a collection for team ${team.name}` });
    const col = await insertCollection(
      c.env.DB,
      {
        id: newId("col"),
        slug,
        name: body.name,
        description: body.description,
        teamId: team?.id ?? null,
        createdBy: c.get("principal").userId,
      },
      Date.now(),
    );
    return c.json(col, 201);
  })
  .delete("/collections/:id", requireScope("admin"), async (c) => {
    const col = await findCollection(c.env.DB, c.req.param("id"));
    if (!col || !(await deleteCollection(c.env.DB, col.id)))
      throw new ApiError("NOT_FOUND", `collection ${c.req.param("id")} not found`);
    return c.json({ deleted: col.id });
  });
