import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import { getDashboard } from "../../platform/db/dashboards";
import { getSnapshot, insertSnapshot, listSnapshots } from "../../platform/db/panel-snapshots";
import { newId } from "../../platform/lib/crypto";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { PromQLError } from "../../core/promql/errors";
import type { DashboardModel, Panel } from "../../core/contracts/dashboards";
import { autoStep, currentValues, interpolate } from "../../core/contracts/dashboard-vars";
import type { Env } from "../../platform/env";
import { queryEngine } from "../../platform/metrics/engine";

const MAX_DATA_BYTES = 512 * 1024;
const time = z
  .union([z.number().int().nonnegative(), z.string().refine((s) => !Number.isNaN(Date.parse(s)), "ISO-8601 time")])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)));

/** Either the caller sends the result it is looking at (exactly what the user saw, frozen), or, for a
 * metrics panel, the server runs the panel's queries over [from, to] and freezes that. */
const snapshotSchema = z
  .object({
    from: time,
    to: time,
    data: z.unknown().optional(),
    vars: z
      .record(z.string().max(64), z.union([z.string().max(500), z.array(z.string().max(500)).max(100)]))
      .optional(),
    title: z.string().max(200).optional(),
  })
  .strict();

const MAX_SERVER_WINDOW_MS = 7 * 24 * 3_600_000;

export const panelSnapshotRoutes = new Hono<AppEnv>()
  .post("/dashboards/:id/panels/:panelId/snapshot", requireScope("write"), async (c) => {
    const body = await jsonBody(c, snapshotSchema, MAX_DATA_BYTES + 4096);
    if (body.from > body.to) throw new ApiError("VALIDATION", "from must not be after to");
    const d = await getDashboard(c.env.DB, c.req.param("id"));
    if (!d) throw new ApiError("NOT_FOUND", `dashboard ${c.req.param("id")} not found`);
    const panel = d.model.panels.find((p) => p.id === c.req.param("panelId"));
    if (!panel) throw new ApiError("NOT_FOUND", `dashboard ${d.id} has no panel ${c.req.param("panelId")}`);
    const data =
      body.data !== undefined ? body.data : await runPanel(c.env, d.model, panel, body.from, body.to, body.vars ?? {});
    const bytes = new TextEncoder().encode(JSON.stringify(data)).length;
    if (bytes > MAX_DATA_BYTES)
      throw new ApiError("PAYLOAD_TOO_LARGE", `snapshot data is ${bytes} bytes; the limit is ${MAX_DATA_BYTES}`);
    const snap = await insertSnapshot(c.env.DB, {
      id: newId("snap"),
      dashboardId: d.id,
      panelId: panel.id,
      title: body.title ?? (panel.title || panel.id),
      query: panel.queries.map((q) => q.expr).join("\n") || panel.content || "",
      from: body.from,
      to: body.to,
      data,
      createdBy: c.get("principal").userId,
      createdAt: Date.now(),
    });
    return c.json(snap, 201);
  })
  .get("/dashboards/:id/snapshots", requireScope("read"), async (c) =>
    c.json({ snapshots: await listSnapshots(c.env.DB, c.req.param("id")) }),
  )
  .get("/snapshots/:id", requireScope("read"), async (c) => {
    const s = await getSnapshot(c.env.DB, c.req.param("id"));
    if (!s) throw new ApiError("NOT_FOUND", `snapshot ${c.req.param("id")} not found`);
    return c.json(s);
  });

async function runPanel(
  env: Env,
  model: DashboardModel,
  panel: Panel,
  from: number,
  to: number,
  overrides: Record<string, string | string[]>,
): Promise<unknown> {
  if (panel.datasource !== "metrics" || panel.queries.length === 0) {
    throw new ApiError(
      "VALIDATION",
      `panel ${panel.id} is a ${panel.datasource} ${panel.type} panel: send its data with the snapshot`,
    );
  }
  if (to - from > MAX_SERVER_WINDOW_MS)
    throw new ApiError("VALIDATION", "server-side snapshots cover at most 7 days; send the data for longer windows");
  const vars = currentValues(model, overrides);
  const step = autoStep(from, to);
  const engine = queryEngine(env, { timeoutMs: 20_000 });
  const queries = [];
  for (const q of panel.queries) {
    const expr = interpolate(q.expr, vars);
    try {
      queries.push({ refId: q.refId, legend: q.legend, expr, data: await engine.rangeQuery(expr, from, to, step) });
    } catch (e) {
      if (e instanceof PromQLError) throw new ApiError("VALIDATION", `query ${q.refId}: ${e.message}`);
      throw e;
    }
  }
  return { source: "server", step, vars, queries };
}
