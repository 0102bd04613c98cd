import { z } from "zod";
import { personSchema } from "../../../core/contracts/people";
import type { MuteInput } from "../../../core/contracts/alerting";
import { api } from "./client";
import { changeEventSchema } from "./changes";

export const alertSchema = z
  .object({
    id: z.string(),
    monitorId: z.string(),
    monitorSlug: z.string(),
    monitorName: z.string(),
    signalLabels: z.record(z.string(), z.string()),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    severity: z.enum(["critical", "warning"]),
    state: z.enum(["ok", "pending", "firing", "resolved"]),
    muted: z.boolean(),
    flapping: z.boolean(),
    startedAt: z.number(),
    firingAt: z.number().nullable(),
    resolvedAt: z.number().nullable(),
    lastValue: z.number().nullable(),
    updatedAt: z.number(),
    resolutionNote: z.object({ note: z.string(), by: z.string(), at: z.number() }).nullable().optional(),
  })
  .loose();
export type Alert = z.infer<typeof alertSchema>;

export const commentSchema = z
  .object({
    id: z.string(),
    author: z.string(),
    by: personSchema.nullable().optional(),
    body: z.string(),
    html: z.string(),
    createdAt: z.number(),
  })
  .loose();
export type Comment = z.infer<typeof commentSchema>;

const detailSchema = z.object({
  alert: alertSchema,
  monitor: z
    .object({ id: z.string(), slug: z.string(), name: z.string(), query: z.string(), intervalSeconds: z.number() })
    .nullable(),
  thresholds: z.array(z.object({ severity: z.string(), operator: z.string(), threshold: z.number() }).loose()),
  window: z.object({ from: z.number(), to: z.number() }),
  history: z.array(
    z
      .object({ id: z.string(), from: z.string(), to: z.string(), at: z.number(), value: z.number().nullable() })
      .loose(),
  ),
  comments: z.array(commentSchema),
  changeEvents: z.array(changeEventSchema),
});
export type AlertDetail = z.infer<typeof detailSchema>;

export const muteRuleSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    startsAt: z.number(),
    endsAt: z.number(),
    comment: z.string(),
    createdBy: z.string(),
    monitorId: z.string().nullable().optional(),
    matchers: z.array(z.object({ name: z.string(), op: z.string(), value: z.string() })),
  })
  .loose();
export type MuteRule = z.infer<typeof muteRuleSchema>;

export type AlertFilter = "firing" | "pending" | "resolved" | "active" | "all";

export const listAlerts = (state: AlertFilter) =>
  api("/api/alerts", z.object({ alerts: z.array(alertSchema) }), { query: { state, limit: 200 } }).then(
    (r) => r.alerts,
  );
export const getAlertDetail = (id: string) => api(`/api/alerts/${encodeURIComponent(id)}`, detailSchema);
export const addAlertComment = (id: string, body: string) =>
  api(`/api/alerts/${encodeURIComponent(id)}/comments`, z.unknown(), { method: "POST", body: { body } });
export const addMonitorComment = (id: string, body: string) =>
  api(`/api/monitors/${encodeURIComponent(id)}/comments`, z.unknown(), { method: "POST", body: { body } });
export const setResolutionNote = (id: string, note: string) =>
  api(`/api/alerts/${encodeURIComponent(id)}/resolution-note`, z.unknown(), { method: "PUT", body: { note } });
export const previewMute = (input: MuteInput | Record<string, unknown>) =>
  api("/api/muting-rules/preview", z.object({ current: z.array(alertSchema), recent: z.array(alertSchema) }), {
    method: "POST",
    body: input,
  });
export const createMute = (input: Record<string, unknown>) =>
  api("/api/muting-rules", muteRuleSchema, { method: "POST", body: input });
export const listMutes = () =>
  api("/api/muting-rules", z.object({ rules: z.array(muteRuleSchema) })).then((r) => r.rules);
export const expireMute = (id: string) =>
  api(`/api/muting-rules/${encodeURIComponent(id)}/expire`, muteRuleSchema, { method: "POST" });
export const extendMute = (id: string, by: string) =>
  api(`/api/muting-rules/${encodeURIComponent(id)}/extend`, muteRuleSchema, { method: "POST", body: { by } });

/** Display status: muted and resolved win over severity, so the list reads critical / warning / muted / resolved. */
export function displayState(
  a: Pick<Alert, "state" | "severity" | "muted">,
): "critical" | "warning" | "muted" | "resolved" | "pending" {
  if (a.state === "resolved" || a.state === "ok") return "resolved";
  if (a.muted) return "muted";
  if (a.state === "pending") return "pending";
  return a.severity;
}

/** Apply a live transition to a cached list: replace by id, newest first. Pure, tested. */
export function mergeAlert(list: Alert[], next: Alert): Alert[] {
  const rest = list.filter((a) => a.id !== next.id);
  return [next, ...rest].sort((a, b) => b.startedAt - a.startedAt);
}
