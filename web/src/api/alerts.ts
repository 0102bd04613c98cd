import type { z } from "zod";
import type { MuteInput } from "../../../core/contracts/alerting";
import {
  alertDetailSchema,
  alertListSchema,
  alertSchema,
  commentPostedSchema,
  commentSchema,
  resolutionNoteSetSchema,
} from "../../../core/contracts/alerts";
import { mutePreviewSchema, muteRuleListSchema, muteRuleSchema } from "../../../core/contracts/muting";
import { api } from "./client";

export { alertSchema, commentSchema };
export type Alert = z.infer<typeof alertSchema>;
export type Comment = z.infer<typeof commentSchema>;
const detailSchema = alertDetailSchema;
export type AlertDetail = z.infer<typeof detailSchema>;

export type { MuteRule } from "../../../core/contracts/muting";

export type AlertFilter = "firing" | "nodata" | "pending" | "resolved" | "active" | "all";

export const listAlerts = (state: AlertFilter) =>
  api("/api/alerts", alertListSchema, { query: { state, limit: 200 } }).then((r) => r.alerts);
export const getAlertDetail = (id: string) => api(`/api/alerts/${encodeURIComponent(id)}`, detailSchema);
export const addAlertComment = (id: string, body: string) =>
  api(`/api/alerts/${encodeURIComponent(id)}/comments`, commentPostedSchema, { method: "POST", body: { body } });
export const addMonitorComment = (id: string, body: string) =>
  api(`/api/monitors/${encodeURIComponent(id)}/comments`, commentPostedSchema, { method: "POST", body: { body } });
export const setResolutionNote = (id: string, note: string) =>
  api(`/api/alerts/${encodeURIComponent(id)}/resolution-note`, resolutionNoteSetSchema, {
    method: "PUT",
    body: { note },
  });
export const previewMute = (input: MuteInput | Record<string, unknown>) =>
  api("/api/muting-rules/preview", mutePreviewSchema, { method: "POST", body: input });
export const createMute = (input: Record<string, unknown>) =>
  api("/api/muting-rules", muteRuleSchema, { method: "POST", body: input });
/** Filtered on the server (before its limit), so a long history never hides an active rule. */
export const listMutes = (status = "all") =>
  api("/api/muting-rules", muteRuleListSchema, { query: { status, limit: 500 } }).then((r) => r.rules);
export const expireMute = (id: string) =>
  api(`/api/muting-rules/${encodeURIComponent(id)}/expire`, muteRuleSchema, { method: "POST" });
export const extendMute = (id: string, by: string) =>
  api(`/api/muting-rules/${encodeURIComponent(id)}/extend`, muteRuleSchema, { method: "POST", body: { by } });

/** Display status: muted and resolved win over severity, so the list reads critical / warning / muted / resolved;
 * an alert whose data stopped is "no data" (its page is still open). */
export function displayState(
  a: Pick<Alert, "state" | "severity" | "muted">,
): "critical" | "warning" | "muted" | "resolved" | "pending" | "nodata" {
  if (a.state === "resolved" || a.state === "ok") return "resolved";
  if (a.muted) return "muted";
  if (a.state === "pending") return "pending";
  if (a.state === "nodata") return "nodata";
  return a.severity;
}

/** The monitor's own "monitor broken" alert (core/alerting/broken.ts), not one of its signals. */
export const isMonitorBroken = (a: Pick<Alert, "signalLabels">): boolean => a.signalLabels.monitor_health === "error";

/** Still open (paged or about to be): firing, pending, or firing with its data missing. */
export const isActive = (a: Pick<Alert, "state">): boolean =>
  a.state === "firing" || a.state === "pending" || a.state === "nodata";

/** Apply a live transition to a cached list: replace by id, newest first. Pure, tested. */
export function mergeAlert(list: Alert[], next: Alert): Alert[] {
  const rest = list.filter((a) => a.id !== next.id);
  return [next, ...rest].sort((a, b) => b.startedAt - a.startedAt);
}
