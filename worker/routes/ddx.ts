import { Hono } from "hono";
import { metricDdxRequestSchema, traceDdxRequestSchema } from "../../core/ddx/contracts";
import { ApiError } from "../../core/contracts/errors";
import { getAlert } from "../../platform/db/alerts";
import { getInvestigation } from "../../platform/db/investigations";
import { asApiError } from "../../platform/ddx/errors";
import { runMetricDdx } from "../../platform/ddx/metrics";
import { runTraceDdx } from "../../platform/ddx/traces";
import type { AppEnv } from "../app-env";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

/** Differential Diagnosis (docs/DDX.md). Both answers are self-contained snapshots a notebook can store as-is. */
export const ddxRoutes = new Hono<AppEnv>()
  .use("/ddx/*", requireScope("read"))
  .post("/ddx/metrics", async (c) => {
    const body = await jsonBody(c, metricDdxRequestSchema, 64 * 1024);
    try {
      return c.json(await runMetricDdx(c.env, body));
    } catch (e) {
      throw asApiError(e);
    }
  })
  .post("/ddx/traces", async (c) => {
    const body = await jsonBody(c, traceDdxRequestSchema, 64 * 1024);
    try {
      return c.json(await runTraceDdx(c.env, body));
    } catch (e) {
      throw asApiError(e);
    }
  })
  // What the monitor found when the alert fired (docs/DDX.md "Investigation at fire time"); null until it ran.
  .get("/alerts/:id/investigation", requireScope("read"), async (c) => {
    const id = c.req.param("id");
    const [alert, investigation] = await Promise.all([getAlert(c.env.DB, id), getInvestigation(c.env.DB, id)]);
    if (!alert) throw new ApiError("NOT_FOUND", `alert ${id} not found`);
    return c.json({ investigation });
  });
