import { Hono, type Context } from "hono";
import { ackInputSchema } from "../../core/contracts/oncall";
import { ApiError } from "../../core/contracts/errors";
import { getAlert } from "../../platform/db/alerts";
import { getMonitor } from "../../platform/db/monitors";
import { type AckKind, setAcknowledged } from "../../platform/oncall/acknowledge";
import type { AppEnv } from "../app-env";
import { assertMayActOn } from "../lib/ownership";
import { requestPerson } from "../lib/person";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

/** Responders of the owning team (or organisation-wide) may acknowledge; tokens by their `respond` scope. */
async function act(c: Context<AppEnv>, kind: AckKind, comment: string) {
  const id = c.req.param("id") ?? "";
  const alert = await getAlert(c.env.DB, id);
  if (!alert) throw new ApiError("NOT_FOUND", `alert ${id} not found`);
  const monitor = await getMonitor(c.env.DB, alert.monitorId);
  assertMayActOn(
    c,
    { teamId: monitor?.teamId ?? null, teamName: monitor?.team, what: `alert ${alert.monitorName}` },
    "responder",
  );
  const person = await requestPerson(c);
  const by = { id: person.id, handle: person.handle, name: person.name };
  const { alert: view, changed } = await setAcknowledged(c.env, alert.id, kind, by, comment);
  return c.json({ alert: view, changed });
}

/** Acknowledge a firing alert (optional comment), and withdraw it. See platform/oncall/acknowledge.ts. */
export const ackRoutes = new Hono<AppEnv>()
  .post("/alerts/:id/acknowledge", requireScope("respond"), async (c) => {
    const { comment } = await jsonBody(c, ackInputSchema);
    return act(c, "acknowledge", comment);
  })
  .delete("/alerts/:id/acknowledge", requireScope("respond"), (c) => act(c, "unacknowledge", ""));
