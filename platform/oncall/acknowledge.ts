import { ApiError } from "../../core/contracts/errors";
import type { AckPerson } from "../../core/oncall/ack";
import { monitorStub } from "../alerting/monitor-def";
import { type AlertView, getAlert } from "../db/alerts";
import type { Env } from "../env";

export type AckKind = "acknowledge" | "unacknowledge";

/**
 * Acknowledge one alert, or withdraw its acknowledgement, as `person`. The caller has checked who may (the
 * alert routes use the `respond` scope and the owning team; a Web Push action may use its own narrow token):
 * this does the rest. The MonitorObject is the source of truth: it stores the acknowledgement, stops repeats,
 * tells PagerDuty and Slack, mirrors the alert row and publishes `alert.acknowledged` / `alert.unacknowledged`.
 * Idempotent: acknowledging an acknowledged alert keeps the first acknowledgement and sends nothing.
 */
export async function setAcknowledged(
  env: Env,
  alertId: string,
  kind: AckKind,
  person: AckPerson,
  comment = "",
  now = Date.now(),
): Promise<{ alert: AlertView; changed: boolean }> {
  const alert = await getAlert(env.DB, alertId);
  if (!alert) throw new ApiError("NOT_FOUND", `alert ${alertId} not found`);
  const stub = monitorStub(env, alert.monitorId);
  const cmd = { alertId: alert.id, by: person, comment, at: now };
  const result = kind === "acknowledge" ? await stub.acknowledge(cmd) : await stub.unacknowledge(cmd);
  if ("error" in result) throw new ApiError(result.error, result.message);
  // The object mirrored the row before answering; its own answer wins should that mirror still be pending.
  const fresh = (await getAlert(env.DB, alert.id)) ?? alert;
  const ack = result.ack && { by: result.ack.by, at: result.ack.at, comment: result.ack.comment };
  return { alert: { ...fresh, ack }, changed: result.changed };
}
