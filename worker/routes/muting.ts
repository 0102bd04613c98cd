import { Hono } from "hono";
import { z } from "zod";
import { extendMuteSchema, muteInputSchema } from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import { listView, preview, toRule, withStatus } from "../../platform/alerting/mutes";
import { deleteMute, getMute, listMutes, upsertMute, type StoredMute } from "../../platform/db/muting-rules";
import type { AppEnv } from "../app-env";
import { newId } from "../../platform/lib/crypto";
import { publishQuietly } from "../../platform/live/publish";
import { jsonBody, queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

const listQuery = z.object({
  status: z.enum(["active", "scheduled", "expired", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

async function mustGet(db: D1Database, id: string): Promise<StoredMute> {
  const m = await getMute(db, id);
  if (!m) throw new ApiError("NOT_FOUND", `muting rule ${id} not found`);
  return m;
}

/**
 * Muting rules. A rule holds back notifications only; alerts keep changing state and show as muted.
 * Monitors consult the rules at every check, so a change takes effect within one check interval.
 */
export const mutingRoutes = new Hono<AppEnv>()
  .get("/muting-rules", requireScope("read"), async (c) => {
    const q = queryParams(c, listQuery);
    const now = Date.now();
    // Filtered in SQL before the limit: a long history never hides an active rule.
    const rules = await listMutes(c.env.DB, {
      includeExpiredSince: now - 7 * 86_400_000,
      limit: q.limit,
      status: q.status,
      now,
    });
    const view = await listView(c.env.DB, rules, now);
    // A recurring rule between its windows passes the SQL filter for both: its status now decides.
    return c.json({ rules: q.status === "all" ? view : view.filter((r) => r.status === q.status) });
  })
  .post("/muting-rules/preview", requireScope("read"), async (c) => {
    const now = Date.now();
    const rule = await toRule(c.env.DB, await jsonBody(c, muteInputSchema), now);
    return c.json(await preview(c.env.DB, rule, now));
  })
  .post("/muting-rules", requireScope("respond"), async (c) => {
    const input = await jsonBody(c, muteInputSchema);
    const now = Date.now();
    const rule = await toRule(c.env.DB, input, now);
    const m: StoredMute = {
      ...rule,
      id: newId("mute"),
      comment: input.comment,
      createdBy: c.get("principal").userId,
      createdAt: now,
      updatedAt: now,
    };
    await upsertMute(c.env.DB, m);
    await publishQuietly(c.env, "mutes", { kind: "mute.created", data: withStatus(m, now) });
    return c.json(withStatus(m, now), 201);
  })
  .get("/muting-rules/:id", requireScope("read"), async (c) =>
    c.json(withStatus(await mustGet(c.env.DB, c.req.param("id")), Date.now())),
  )
  .post("/muting-rules/:id/expire", requireScope("respond"), async (c) => {
    const m = await mustGet(c.env.DB, c.req.param("id"));
    const now = Date.now();
    const next = { ...m, endsAt: Math.min(m.endsAt, now), startsAt: Math.min(m.startsAt, now), updatedAt: now };
    await upsertMute(c.env.DB, next);
    await publishQuietly(c.env, "mutes", { kind: "mute.expired", data: withStatus(next, now) });
    return c.json(withStatus(next, now));
  })
  .post("/muting-rules/:id/extend", requireScope("respond"), async (c) => {
    const m = await mustGet(c.env.DB, c.req.param("id"));
    const body = await jsonBody(c, extendMuteSchema);
    const now = Date.now();
    const endsAt = body.endsAt ?? Math.max(m.endsAt, now) + (body.by ?? 0);
    if (endsAt <= now || endsAt <= m.startsAt)
      throw new ApiError("VALIDATION", "the new end must be in the future and after the start");
    const next = { ...m, endsAt, updatedAt: now };
    await upsertMute(c.env.DB, next);
    await publishQuietly(c.env, "mutes", { kind: "mute.extended", data: withStatus(next, now) });
    return c.json(withStatus(next, now));
  })
  .delete("/muting-rules/:id", requireScope("respond"), async (c) => {
    // Kept as deleted (who, when) for incident timelines; no read of rules sees it again.
    if (!(await deleteMute(c.env.DB, c.req.param("id"), c.get("principal").userId, Date.now())))
      throw new ApiError("NOT_FOUND", `muting rule ${c.req.param("id")} not found`);
    await publishQuietly(c.env, "mutes", { kind: "mute.deleted", data: { id: c.req.param("id") } });
    return c.json({ deleted: c.req.param("id") });
  });
