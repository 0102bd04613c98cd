import { Hono, type Context } from "hono";
import { z } from "zod";
import type { MonitorDef } from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import { type SloDef, type SloInput, sloInputSchema } from "../../core/contracts/slos";
import { slugify, monitorStub } from "../../platform/alerting/monitor-def";
import { deleteMonitorStatement, getChannels, getMonitor, saveMonitorStatements } from "../../platform/db/monitors";
import {
  deleteSloStatement,
  getSlo,
  listSloVersions,
  listSlos,
  saveSloStatements,
  sloSlugTaken,
} from "../../platform/db/slos";
import { findTeam } from "../../platform/db/teams";
import { newId } from "../../platform/lib/crypto";
import { sloStub } from "../../platform/slo/client";
import { assignMonitorIds, policyMonitor } from "../../platform/slo/monitors";
import { teamIdsOf } from "../../core/people/roles";
import type { AppEnv } from "../app-env";
import { assertMayActOn } from "../lib/ownership";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

const listQuery = z.object({
  team: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
const statusQuery = z.object({ at: z.coerce.number().int().positive().optional() });

async function mustGet(db: D1Database, id: string): Promise<SloDef> {
  const s = await getSlo(db, id);
  if (!s) throw new ApiError("NOT_FOUND", `SLO ${id} not found`);
  return s;
}

async function teamName(db: D1Database, teamId: string | null): Promise<string> {
  if (teamId === null) return "";
  const t = await findTeam(db, teamId);
  if (!t) throw new ApiError("VALIDATION", `teamId: team ${teamId} not found`);
  return t.name;
}

async function checkChannels(db: D1Database, ids: string[]): Promise<void> {
  const found = new Set((await getChannels(db, ids)).map((c) => c.id));
  const missing = ids.filter((i) => !found.has(i));
  if (missing.length)
    throw new ApiError("VALIDATION", `alerting.channels: unknown notification channel ${missing.join(", ")}`);
}

/** Store an SLO and its burn-rate monitors in one D1 batch, then (re)configure their objects. */
async function save(c: Context<AppEnv>, input: SloInput, prev: SloDef | null): Promise<SloDef> {
  const db = c.env.DB;
  await checkChannels(db, input.alerting.channels);
  const slug = input.slug ?? prev?.slug ?? slugify(input.name);
  if (await sloSlugTaken(db, slug, prev?.id))
    throw new ApiError("CONFLICT", `an SLO with slug '${slug}' already exists`);
  const team = await teamName(db, input.teamId);
  const user = c.get("principal").userId;
  const now = Date.now();
  const policies = assignMonitorIds(input.alerting.policies, prev?.alerting.policies ?? [], () => newId("mon"));
  const def: SloDef = {
    ...input,
    id: prev?.id ?? newId("slo"),
    slug,
    version: (prev?.version ?? 0) + 1,
    alerting: { enabled: input.alerting.enabled, channels: input.alerting.channels, policies },
    createdBy: prev?.createdBy ?? user,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
  };
  const monitors: MonitorDef[] = [];
  for (const p of policies) {
    const old = await getMonitor(db, p.monitorId);
    if (old && old.slo?.id !== def.id)
      throw new ApiError("CONFLICT", `monitor ${p.monitorId} exists and is not this SLO's`);
    const m = policyMonitor(def, p, {
      version: (old?.version ?? 0) + 1,
      teamName: team,
      createdAt: old?.createdAt ?? now,
      now,
    });
    const clash = await db.prepare("SELECT id FROM monitors WHERE slug = ?").bind(m.slug).first<{ id: string }>();
    if (clash && clash.id !== m.id) throw new ApiError("CONFLICT", `a monitor with slug '${m.slug}' already exists`);
    monitors.push(m);
  }
  const dropped = (prev?.alerting.policies ?? []).filter((p) => !policies.some((q) => q.monitorId === p.monitorId));
  await db.batch([
    ...saveSloStatements(db, def, user),
    ...monitors.flatMap((m) => saveMonitorStatements(db, m, user)),
    ...dropped.map((p) => deleteMonitorStatement(db, p.monitorId)),
  ]);
  await sloStub(c.env, def.id).configure(def);
  await Promise.all([
    ...monitors.map((m) => monitorStub(c.env, m.id).configure(m)),
    ...dropped.map((p) => monitorStub(c.env, p.monitorId).stop()),
  ]);
  return def;
}

/** SLOs: objectives over a ratio or threshold SLI, their roll-ups and the burn-rate monitors they own. */
export const sloRoutes = new Hono<AppEnv>()
  .get("/slos", requireScope("read"), async (c) => {
    const q = queryParams(c, listQuery);
    const teamIds = q.team === "mine" ? teamIdsOf(c.get("principal")) : q.team ? [q.team] : undefined;
    return c.json({ slos: await listSlos(c.env.DB, { teamIds, limit: q.limit }) });
  })
  .post("/slos", requireScope("write"), async (c) => {
    const input = await jsonBody(c, sloInputSchema);
    assertMayActOn(c, { teamId: input.teamId, what: "this SLO" });
    return c.json(await save(c, input, null), 201);
  })
  .get("/slos/:id", requireScope("read"), async (c) => c.json(await mustGet(c.env.DB, c.req.param("id"))))
  .put("/slos/:id", requireScope("write"), async (c) => {
    const prev = await mustGet(c.env.DB, c.req.param("id"));
    assertMayActOn(c, { teamId: prev.teamId, what: `SLO ${prev.name}` });
    const input = await jsonBody(c, sloInputSchema);
    if (input.teamId !== prev.teamId) assertMayActOn(c, { teamId: input.teamId, what: "an SLO for that team" });
    return c.json(await save(c, input, prev));
  })
  .delete("/slos/:id", requireScope("write"), async (c) => {
    const slo = await mustGet(c.env.DB, c.req.param("id"));
    assertMayActOn(c, { teamId: slo.teamId, what: `SLO ${slo.name}` });
    await c.env.DB.batch([
      deleteSloStatement(c.env.DB, slo.id),
      ...slo.alerting.policies.map((p) => deleteMonitorStatement(c.env.DB, p.monitorId)),
    ]);
    await Promise.all([
      sloStub(c.env, slo.id).stop(),
      ...slo.alerting.policies.map((p) => monitorStub(c.env, p.monitorId).stop()),
    ]);
    return c.json({ deleted: slo.id });
  })
  .get("/slos/:id/status", requireScope("read"), async (c) => {
    const slo = await mustGet(c.env.DB, c.req.param("id"));
    const q = queryParams(c, statusQuery);
    try {
      return c.json(await sloStub(c.env, slo.id).status(q.at ?? Date.now()));
    } catch (err) {
      throw new ApiError(
        "UNAVAILABLE",
        `the SLO's figures could not be computed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  })
  .get("/slos/:id/versions", requireScope("read"), async (c) => {
    const slo = await mustGet(c.env.DB, c.req.param("id"));
    return c.json({ versions: await listSloVersions(c.env.DB, slo.id) });
  });
