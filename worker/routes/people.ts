// People: who am I (GET/PATCH /api/me), the directory, @-mention suggestions, and admins managing users.
import { Hono } from "hono";
import { z } from "zod";
import { roleSchema } from "../../core/contracts/auth";
import { ApiError } from "../../core/contracts/errors";
import { profilePatchSchema, type Suggestion, type User } from "../../core/contracts/people";
import { revokeUserSessions } from "../../platform/db/sessions";
import { listTeams } from "../../platform/db/teams";
import {
  findUser,
  handleTaken,
  listUsers,
  setUserDisabled,
  setUserRole,
  toPerson,
  updateProfile,
} from "../../platform/db/users";
import type { AppEnv } from "../app-env";
import { requestPerson } from "../lib/person";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { csrfOfRequest } from "../middleware/auth-session";

const listQuery = z.object({
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const adminPatch = z.object({ role: roleSchema, disabled: z.boolean() }).partial().strict();

/** Email is shown to admins and to the person themself; everyone else sees name, handle and avatar. */
const visible = (u: User, admin: boolean) => (admin ? u : { ...u, email: null });

export const peopleRoutes = new Hono<AppEnv>()
  .get("/me", requireScope(null), async (c) => {
    const p = c.get("principal");
    const user = await requestPerson(c);
    const roles = p.roles?.teams ?? {};
    const teams = (await listTeams(c.env.DB, Object.keys(roles))).map((t) => ({
      id: t.id,
      slug: t.slug,
      name: t.name,
      role: roles[t.id]!,
    }));
    return c.json({
      tokenId: p.tokenId,
      userId: p.userId,
      scopes: p.scopes,
      kind: p.kind ?? "token",
      user,
      teams,
      csrfToken: p.kind === "session" ? await csrfOfRequest(c) : null,
    });
  })
  .patch("/me", requireScope(null), async (c) => {
    const patch = await jsonBody(c, profilePatchSchema, 8 * 1024);
    const me = await requestPerson(c);
    if (patch.handle && (await handleTaken(c.env.DB, patch.handle, me.id)))
      throw new ApiError("CONFLICT", `@${patch.handle} is taken by another person or a team`);
    // A zone picked by hand is never replaced by the browser's guess.
    if (patch.timeZoneSource === "browser" && me.timeZoneSource === "user") {
      delete patch.timeZone;
      delete patch.timeZoneSource;
    }
    if (patch.timeZone && !patch.timeZoneSource) patch.timeZoneSource = "user";
    return c.json(await updateProfile(c.env.DB, me.id, patch, Date.now()));
  })
  .get("/users", requireScope("read"), async (c) => {
    const q = queryParams(c, listQuery);
    const admin = c.get("principal").scopes.includes("admin");
    return c.json({ users: (await listUsers(c.env.DB, { query: q.q, limit: q.limit })).map((u) => visible(u, admin)) });
  })
  .get("/users/:ref", requireScope("read"), async (c) => {
    const u = await findUser(c.env.DB, c.req.param("ref"));
    if (!u) throw new ApiError("NOT_FOUND", `user ${c.req.param("ref")} not found`);
    const p = c.get("principal");
    return c.json(visible(u, p.scopes.includes("admin") || p.userId === u.id));
  })
  .patch("/users/:ref", requireScope("admin"), async (c) => {
    const body = await jsonBody(c, adminPatch, 1024);
    const u = await findUser(c.env.DB, c.req.param("ref"));
    if (!u) throw new ApiError("NOT_FOUND", `user ${c.req.param("ref")} not found`);
    const now = Date.now();
    if (body.role) await setUserRole(c.env.DB, u.id, body.role, now);
    if (body.disabled !== undefined) {
      await setUserDisabled(c.env.DB, u.id, body.disabled, now);
      if (body.disabled) await revokeUserSessions(c.env.DB, u.id, now);
    }
    return c.json(await findUser(c.env.DB, u.id));
  })
  .post("/users/:ref/sessions/revoke", requireScope("admin"), async (c) => {
    const u = await findUser(c.env.DB, c.req.param("ref"));
    if (!u) throw new ApiError("NOT_FOUND", `user ${c.req.param("ref")} not found`);
    return c.json({ userId: u.id, revoked: await revokeUserSessions(c.env.DB, u.id, Date.now()) });
  })
  // @-mention autocomplete: people first, then teams, by handle or name.
  .get("/people/suggest", requireScope("read"), async (c) => {
    const q = queryParams(
      c,
      z.object({ q: z.string().max(40).default(""), limit: z.coerce.number().int().min(1).max(20).default(8) }),
    );
    const needle = q.q.replace(/^@/, "").toLowerCase();
    const users = (await listUsers(c.env.DB, { query: needle, limit: q.limit })).filter((u) => !u.disabledAt);
    const teams = (await listTeams(c.env.DB)).filter(
      (t) => t.slug.includes(needle) || t.name.toLowerCase().includes(needle),
    );
    const starts = (s: string) => (s.toLowerCase().startsWith(needle) ? 0 : 1);
    const out: Suggestion[] = [
      ...users.map((u) => ({ kind: "user" as const, ...toPerson(u) })),
      ...teams.map((t) => ({ kind: "team" as const, id: t.id, handle: t.slug, name: t.name })),
    ]
      .sort((a, b) => starts(a.handle) - starts(b.handle) || a.handle.localeCompare(b.handle))
      .slice(0, q.limit);
    return c.json({ suggestions: out });
  });
