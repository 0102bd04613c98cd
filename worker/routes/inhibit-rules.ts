import { Hono } from "hono";
import { ApiError } from "../../core/contracts/errors";
import { inhibitRuleInputSchema, MAX_INHIBIT_RULES } from "../../core/contracts/oncall";
import { withHolding } from "../../platform/alerting/inhibit-views";
import {
  countInhibitRules,
  deleteInhibitRule,
  getInhibitRule,
  listInhibitRules,
  type StoredInhibitRule,
  upsertInhibitRule,
} from "../../platform/db/inhibit-rules";
import { newId } from "../../platform/lib/crypto";
import { publishQuietly } from "../../platform/live/publish";
import type { AppEnv } from "../app-env";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

async function mustGet(db: D1Database, id: string): Promise<StoredInhibitRule> {
  const r = await getInhibitRule(db, id);
  if (!r) throw new ApiError("NOT_FOUND", `inhibition rule ${id} not found`);
  return r;
}

/**
 * Inhibition rules (Alertmanager's inhibit_rules). Configuration, so they need the write scope. Monitors read
 * them at every check: a change takes effect within one check interval of each target's monitor.
 */
export const inhibitRuleRoutes = new Hono<AppEnv>()
  .get("/inhibit-rules", requireScope("read"), async (c) =>
    c.json({ rules: await withHolding(c.env.DB, await listInhibitRules(c.env.DB)) }),
  )
  .post("/inhibit-rules", requireScope("write"), async (c) => {
    const input = await jsonBody(c, inhibitRuleInputSchema);
    if ((await countInhibitRules(c.env.DB)) >= MAX_INHIBIT_RULES)
      throw new ApiError("LIMIT_EXCEEDED", `at most ${MAX_INHIBIT_RULES} inhibition rules; delete one first`);
    const now = Date.now();
    const r: StoredInhibitRule = {
      ...input,
      id: newId("inh"),
      createdBy: c.get("principal").userId,
      createdAt: now,
      updatedAt: now,
    };
    await upsertInhibitRule(c.env.DB, r);
    await publishQuietly(c.env, "mutes", { kind: "inhibit_rule.created", data: { ...r } });
    return c.json(r, 201);
  })
  .get("/inhibit-rules/:id", requireScope("read"), async (c) => {
    const [r] = await withHolding(c.env.DB, [await mustGet(c.env.DB, c.req.param("id"))]);
    return c.json(r);
  })
  .put("/inhibit-rules/:id", requireScope("write"), async (c) => {
    const old = await mustGet(c.env.DB, c.req.param("id"));
    const input = await jsonBody(c, inhibitRuleInputSchema);
    const r: StoredInhibitRule = { ...old, ...input, updatedAt: Date.now() };
    await upsertInhibitRule(c.env.DB, r);
    await publishQuietly(c.env, "mutes", { kind: "inhibit_rule.updated", data: { ...r } });
    return c.json(r);
  })
  .delete("/inhibit-rules/:id", requireScope("write"), async (c) => {
    if (!(await deleteInhibitRule(c.env.DB, c.req.param("id"))))
      throw new ApiError("NOT_FOUND", `inhibition rule ${c.req.param("id")} not found`);
    await publishQuietly(c.env, "mutes", { kind: "inhibit_rule.deleted", data: { id: c.req.param("id") } });
    return c.json({ deleted: c.req.param("id") });
  });
