import { Hono } from "hono";
import { z } from "zod";
import { channelInputSchema, monitorInputSchema, type Channel } from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import { checkQuery, monitorStub, slugify, toDef } from "../../platform/alerting/monitor-def";
import {
  deleteChannel,
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
import type { AppEnv } from "../app-env";
import { newId } from "../../platform/lib/crypto";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

const listQuery = z.object({
  collection: z.string().max(200).optional(),
  team: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

async function mustGet(db: D1Database, id: string) {
  const m = await getMonitor(db, id);
  if (!m) throw new ApiError("NOT_FOUND", `monitor ${id} not found`);
  return m;
}

async function checkChannels(db: D1Database, ids: string[]): Promise<void> {
  const found = new Set((await getChannels(db, ids)).map((c) => c.id));
  const missing = ids.filter((i) => !found.has(i));
  if (missing.length) throw new ApiError("VALIDATION", `channels: unknown notification channel ${missing.join(", ")}`);
}

/** Monitors CRUD with version history; saving (re)configures the monitor's Durable Object, deleting stops it. */
export const monitorRoutes = new Hono<AppEnv>()
  .get("/monitors", requireScope("read"), async (c) =>
    c.json({ monitors: await listMonitors(c.env.DB, queryParams(c, listQuery)) }),
  )
  .post("/monitors", requireScope("write"), async (c) => {
    const input = await jsonBody(c, monitorInputSchema);
    checkQuery(input.query);
    await checkChannels(c.env.DB, input.channels);
    const slug = input.slug ?? slugify(input.name);
    if (await slugTaken(c.env.DB, slug)) throw new ApiError("CONFLICT", `a monitor with slug '${slug}' already exists`);
    const now = Date.now();
    const user = c.get("principal").userId;
    const def = toDef(input, { id: newId("mon"), slug, version: 1, createdBy: user, createdAt: now, now });
    await saveMonitor(c.env.DB, def, user);
    await monitorStub(c.env, def.id).configure(def);
    return c.json(def, 201);
  })
  .get("/monitors/:id", requireScope("read"), async (c) => c.json(await mustGet(c.env.DB, c.req.param("id"))))
  .put("/monitors/:id", requireScope("write"), async (c) => {
    const prev = await mustGet(c.env.DB, c.req.param("id"));
    const input = await jsonBody(c, monitorInputSchema);
    checkQuery(input.query);
    await checkChannels(c.env.DB, input.channels);
    const slug = input.slug ?? prev.slug;
    if (await slugTaken(c.env.DB, slug, prev.id))
      throw new ApiError("CONFLICT", `a monitor with slug '${slug}' already exists`);
    const user = c.get("principal").userId;
    const def = toDef(input, {
      id: prev.id,
      slug,
      version: prev.version + 1,
      createdBy: prev.createdBy,
      createdAt: prev.createdAt,
      now: Date.now(),
    });
    await saveMonitor(c.env.DB, def, user);
    await monitorStub(c.env, def.id).configure(def);
    return c.json(def);
  })
  .delete("/monitors/:id", requireScope("write"), async (c) => {
    const m = await mustGet(c.env.DB, c.req.param("id"));
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
    return c.json({ state: snap.state, nextCheckAt: snap.nextCheckAt, lastCheck: snap.lastCheck, outbox: snap.outbox });
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
  .delete("/notification-channels/:id", requireScope("write"), async (c) => {
    if (!(await deleteChannel(c.env.DB, c.req.param("id"))))
      throw new ApiError("NOT_FOUND", `channel ${c.req.param("id")} not found`);
    return c.json({ deleted: c.req.param("id") });
  });
