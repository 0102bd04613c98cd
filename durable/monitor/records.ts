import type { MonitorDef } from "../../core/contracts/alerting";
import { renderTemplate } from "../../core/alerting/template";
import type { EvalSpec, Labels, SignalSeverityState } from "../../core/alerting/types";
import type { NotifyAction } from "../../core/alerting/notify-plan";
import type { NotificationContext } from "../../core/notify/types";
import type { AlertRecord } from "../../platform/db/alerts";

export function specOf(def: MonitorDef): EvalSpec {
  return {
    monitorId: def.id,
    conditions: def.conditions,
    signalBy: def.signals,
    noData: def.noData,
    flapThreshold: 6,
    flapWindowMs: 3600_000,
  };
}

/** The labels muting rules and receivers see: signal labels, monitor labels, and identity labels last so they win. */
export function alertLabels(def: MonitorDef, e: Pick<SignalSeverityState, "labels" | "severity">): Labels {
  return { ...def.labels, ...e.labels, alertname: def.name, monitor: def.slug, severity: e.severity };
}

export function annotationsFor(def: MonitorDef, labels: Labels, value: number | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(def.annotations)) out[k] = renderTemplate(v, { labels, value });
  return out;
}

export function alertRecord(def: MonitorDef, e: SignalSeverityState, muted: boolean, at: number): AlertRecord {
  const labels = alertLabels(def, e);
  return {
    id: e.alertId ?? "",
    monitorId: def.id,
    monitorSlug: def.slug,
    monitorName: def.name,
    signalKey: e.signalKey,
    signalLabels: e.labels,
    labels,
    annotations: annotationsFor(def, labels, e.lastValue),
    severity: e.severity,
    state: e.state,
    muted,
    flapping: e.flapping,
    startedAt: e.activeAt ?? e.firingAt ?? at,
    firingAt: e.firingAt,
    resolvedAt: e.resolvedAt,
    lastValue: e.lastValue !== null && Number.isFinite(e.lastValue) ? e.lastValue : null,
    updatedAt: at,
  };
}

export function notificationContext(
  def: MonitorDef,
  e: SignalSeverityState,
  action: NotifyAction,
  at: number,
  publicUrl: string,
): NotificationContext {
  const labels = alertLabels(def, { labels: e.labels, severity: action.severity });
  return {
    kind: action.kind,
    monitor: {
      id: def.id,
      slug: def.slug,
      name: def.name,
      team: def.team || undefined,
      collection: def.collection || undefined,
    },
    alertId: action.alertId,
    signalKey: e.signalKey,
    labels,
    severity: action.severity,
    value: e.lastValue,
    startedAt: e.activeAt ?? e.firingAt ?? at,
    resolvedAt: action.kind === "resolve" ? (e.resolvedAt ?? at) : null,
    annotations: annotationsFor(def, labels, e.lastValue),
    alertUrl: `${publicUrl.replace(/\/$/, "")}/alerts/${encodeURIComponent(action.alertId)}`,
    at,
  };
}
