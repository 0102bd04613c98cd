import { Hono } from "hono";
import { z } from "zod";
import {
  channelInputSchema,
  channelPatchSchema,
  monitorInputSchema,
  type Channel,
} from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import { checkQuery, monitorStub, slugify, toDef } from "../../platform/alerting/monitor-def";
import {
  channelUsers,
  deleteChannel,
  setChannelNotifyPer,
  deleteMonitor,
  getChannels,
  getMonitor,
  insertChannel,
  listMonitors,
  listVersions,
  redactChannel,
  saveMonitor,
  slugTaken,
} from "../../platform/db/monitors";
import { monitorHealth } from "../../platform/db/monitor-health";
import { healthOrder } from "../../core/alerting/health";
import type { AppEnv } from "../app-env";
import { newId } from "../../platform/lib/crypto";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { teamIdsOf } from "../../core/people/roles";
import { findTeam } from "../../platform/db/teams";
import { assertMayActOn } from "../lib/ownership";
import { resolveOwnerRefs } from "../lib/owner-refs";

const listQuery = z.object({
  collection: z.string().max(200).optional(),
  team: z.string().max(200).optional(),
  /** 1: only monitors owned by the caller's teams. */
  mine: z.enum(["0", "1"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

async function mustGet(db: D1Database, id: string) {
  const m = await getMonitor(db, id);
  if (!m) throw new ApiError("NOT_FOUND", `monitor ${id} not found`);
  return m;
}

/** An SLO's burn-rate monitors change with their SLO, never on their own. */
function notSloOwned(m: { slo?: { id: string; name: string } }): void {
  if (m.slo)
    throw new ApiError(
      "CONFLICT",
      `this monitor belongs to SLO "${m.slo.name}": change its burn-rate policies on the SLO (/slos/${m.slo.id})`,
    );
}

async function checkChannels(db: D1Database, ids: string[]): Promise<void> {
  const found = new Set((await getChannels(db, ids)).map((c) => c.id));
  const missing = ids.filter((i) => !found.has(i));
  if (missing.length) throw new ApiError("VALIDATION", `channels: unknown notification channel ${missing.join(", ")}`);
}

/** Monitors CRUD with version history; saving (re)configures the monitor's Durable Object, deleting stops it. */
export const monitorRoutes = new Hono<AppEnv>()
  // Each monitor with its evaluation health; broken ones first (error, no data, slow), then by name.
  .get("/monitors", requireScope("read"), async (c) => {
    const q = queryParams(c, listQuery);
    let teamIds = q.mine === "1" ? teamIdsOf(c.get("principal")) : undefined;
    if (q.team) {
      // A team is named by id, slug or name; an unknown one matches nothing (not everything).
      const t = await findTeam(c.env.DB, q.team);
      teamIds = t ? (teamIds ?? [t.id]).filter((id) => id === t.id) : [];
    }
    const [monitors, health] = await Promise.all([
      listMonitors(c.env.DB, { ...q, team: undefined, teamIds }),
      monitorHealth(c.env.DB),
    ]);
    const out = monitors.map((m) => ({ ...m, health: health.get(m.id) ?? null }));
    const rank = (m: (typeof out)[number]) => (m.enabled ? healthOrder[m.health?.health ?? "unknown"] : 5);
    out.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    return c.json({ monitors: out });
  })
  .post("/monitors", requireScope("write"), async (c) => {
    const input = await jsonBody(c, monitorInputSchema);
    checkQuery(input.query);
    await checkChannels(c.env.DB, input.channels);
    const owner = await resolveOwnerRefs(c, input);
    assertMayActOn(c, { teamId: owner.teamId, teamName: owner.team, what: "a monitor for this team" });
    const slug = input.slug ?? slugify(input.name);
    if (await slugTaken(c.env.DB, slug)) throw new ApiError("CONFLICT", `a monitor with slug '${slug}' already exists`);
    const now = Date.now();
    const user = c.get("principal").userId;
    const def = {
      ...toDef({ ...input, ...owner }, { id: newId("mon"), slug, version: 1, createdBy: user, createdAt: now, now }),
      ...owner,
    };
    await saveMonitor(c.env.DB, def, user);
    await monitorStub(c.env, def.id).configure(def);
    return c.json(def, 201);
  })
  .get("/monitors/:id", requireScope("read"), async (c) => c.json(await mustGet(c.env.DB, c.req.param("id"))))
  .put("/monitors/:id", requireScope("write"), async (c) => {
    const prev = await mustGet(c.env.DB, c.req.param("id"));
    notSloOwned(prev);
    assertMayActOn(c, { teamId: prev.teamId ?? null, teamName: prev.team, what: `monitor ${prev.name}` });
    const input = await jsonBody(c, monitorInputSchema);
    checkQuery(input.query);
    await checkChannels(c.env.DB, input.channels);
    const owner = await resolveOwnerRefs(c, input);
    if (owner.teamId !== (prev.teamId ?? null))
      assertMayActOn(c, { teamId: owner.teamId, teamName: owner.team, what: "a monitor for this team" });
    const slug = input.slug ?? prev.slug;
    if (await slugTaken(c.env.DB, slug, prev.id))
      throw new ApiError("CONFLICT", `a monitor with slug '${slug}' already exists`);
    const user = c.get("principal").userId;
    const def = toDef(
      { ...input, ...owner },
      {
        id: prev.id,
        slug,
        version: prev.version + 1,
        createdBy: prev.createdBy,
        createdAt: prev.createdAt,
        now: Date.now(),
      },
    );
    Object.assign(def, owner);
    await saveMonitor(c.env.DB, def, user);
    await monitorStub(c.env, def.id).configure(def);
    return c.json(def);
  })
  .delete("/monitors/:id", requireScope("write"), async (c) => {
    const m = await mustGet(c.env.DB, c.req.param("id"));
    notSloOwned(m);
    assertMayActOn(c, { teamId: m.teamId ?? null, teamName: m.team, what: `monitor ${m.name}` });
    await monitorStub(c.env, m.id).stop();
    await deleteMonitor(c.env.DB, m.id);
    return c.json({ deleted: m.id });
  })
  .get("/monitors/:id/versions", requireScope("read"), async (c) => {
    const m = await mustGet(c.env.DB, c.req.param("id"));
    return c.json({ versions: await listVersions(c.env.DB, m.id) });
  })
  .get("/monitors/:id/state", requireScope("read"), async (c) => {
    const m = await mustGet(c.env.DB, c.req.param("id"));
    const snap = await monitorStub(c.env, m.id).snapshot();
    return c.json({
      state: snap.state,
      health: snap.health,
      nextCheckAt: snap.nextCheckAt,
      lastCheck: snap.lastCheck,
      dataGapUntil: snap.dataGapUntil,
      outbox: snap.outbox,
    });
  })
  // Operators: drop the evaluator's in-memory instance; it comes back from its stored state at once.
  .post("/monitors/:id/restart", requireScope("admin"), async (c) => {
    const m = await mustGet(c.env.DB, c.req.param("id"));
    try {
      await monitorStub(c.env, m.id).restart();
    } catch {
      // The abort itself surfaces as an error on this call: that is the restart.
    }
    const snap = await monitorStub(c.env, m.id).snapshot();
    return c.json({ restarted: m.id, nextCheckAt: snap.nextCheckAt });
  })
  .get("/notification-channels", requireScope("read"), async (c) =>
    c.json({ channels: (await getChannels(c.env.DB)).map(redactChannel) }),
  )
  .post("/notification-channels", requireScope("write"), async (c) => {
    const input = await jsonBody(c, channelInputSchema);
    const ch = { ...input, id: newId("ch"), createdAt: Date.now() } as Channel;
    await insertChannel(c.env.DB, ch, c.get("principal").userId);
    return c.json(redactChannel(ch), 201);
  })
  .patch("/notification-channels/:id", requireScope("write"), async (c) => {
    const input = await jsonBody(c, channelPatchSchema);
    const id = c.req.param("id");
    if (!(await setChannelNotifyPer(c.env.DB, id, input.notifyPer)))
      throw new ApiError("NOT_FOUND", `channel ${id} not found`);
    const [ch] = await getChannels(c.env.DB, [id]);
    return c.json(redactChannel(ch));
  })
  .delete("/notification-channels/:id", requireScope("write"), async (c) => {
    // As Grafana refuses to delete a contact point a policy uses: deleting it here would leave monitors that
    // page no one through it, and that could not be saved again until edited.
    const users = await channelUsers(c.env.DB, c.req.param("id"));
    const uses = [
      users.monitors.length ? `monitors ${users.monitors.join(", ")}` : "",
      users.slos.length ? `SLOs ${users.slos.join(", ")}` : "",
      users.teams.length ? `teams ${users.teams.join(", ")}` : "",
    ].filter(Boolean);
    if (uses.length)
      throw new ApiError("CONFLICT", `channel is in use by ${uses.join("; ")}: remove it from them first`);
    if (!(await deleteChannel(c.env.DB, c.req.param("id"))))
      throw new ApiError("NOT_FOUND", `channel ${c.req.param("id")} not found`);
    return c.json({ deleted: c.req.param("id") });
  });
