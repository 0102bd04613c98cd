import { fingerprint } from "./fingerprint";
import type { NotificationContext, OutboundRequest } from "./types";

export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** Alertmanager webhook (version 4), one alert per message (Vigil groups per monitor+signal). */
export function alertmanagerWebhook(
  ctx: NotificationContext,
  cfg: { url: string; receiver: string; externalUrl: string },
): OutboundRequest {
  const status = ctx.kind === "resolve" ? "resolved" : "firing";
  // An empty label value is the same as no label (Prometheus and Alertmanager drop them before fingerprinting).
  const labels = Object.fromEntries(Object.entries(ctx.labels).filter(([, v]) => v !== ""));
  const alert = {
    status,
    labels,
    annotations: ctx.flapping ? { ...ctx.annotations, flapping: "true" } : ctx.annotations,
    startsAt: new Date(ctx.startedAt).toISOString(),
    endsAt: ctx.resolvedAt !== null && status === "resolved" ? new Date(ctx.resolvedAt).toISOString() : ZERO_TIME,
    generatorURL: ctx.alertUrl,
    fingerprint: fingerprint(labels),
  };
  const groupLabels = { alertname: ctx.labels.alertname ?? ctx.monitor.name };
  return {
    url: cfg.url,
    body: {
      version: "4",
      groupKey: ctx.incident
        ? `{}:{incident=${JSON.stringify(ctx.incident.id)}}`
        : `{}:{alertname=${JSON.stringify(groupLabels.alertname)}, signal=${JSON.stringify(ctx.signalKey)}}`,
      truncatedAlerts: 0,
      status,
      receiver: cfg.receiver,
      groupLabels,
      commonLabels: labels,
      commonAnnotations: ctx.annotations,
      externalURL: cfg.externalUrl,
      alerts: [alert],
    },
  };
}
