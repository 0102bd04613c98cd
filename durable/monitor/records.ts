import type { MonitorDef } from "../../core/contracts/alerting";
import { renderTemplate } from "../../core/alerting/template";
import { BROKEN_SIGNAL, type EvalSpec, type Labels, type SignalSeverityState } from "../../core/alerting/types";
import type { NotifyAction } from "../../core/alerting/notify-plan";
import type { NotificationContext } from "../../core/notify/types";
import type { Ack } from "../../core/oncall/ack";
import type { AlertRecord } from "../../platform/db/alerts";

export function specOf(def: MonitorDef): EvalSpec {
  return {
    monitorId: def.id,
    conditions: def.conditions,
    signalBy: def.signals,
    noData: def.noData,
    // Off unless the monitor turns it on (definitions saved before it was a setting have no `flapping`).
    flapThreshold: def.flapping?.enabled ? def.flapping.changes : 0,
    flapWindowMs: def.flapping?.windowMs ?? 3_600_000,
  };
}

/** How long a flapping signal's breach must hold firing to page normally: its sustain, at least one check. */
export function flapHoldMs(def: MonitorDef): (severity: string) => number {
  return (severity) =>
    Math.max(def.conditions.find((c) => c.severity === severity)?.sustainMs ?? 0, def.intervalSeconds * 1000);
}

/** The labels muting rules and receivers see: signal labels, monitor labels, and identity labels last so they win. */
export function alertLabels(def: MonitorDef, e: Pick<SignalSeverityState, "labels" | "severity">): Labels {
  return { ...def.labels, ...e.labels, alertname: def.name, monitor: def.slug, severity: e.severity };
}

export function annotationsFor(
  def: MonitorDef,
  labels: Labels,
  value: number | null,
  e?: Pick<SignalSeverityState, "signalKey" | "lastError">,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(def.annotations)) out[k] = renderTemplate(v, { labels, value });
  if (e?.signalKey === BROKEN_SIGNAL) {
    out.summary = `Monitor ${def.name} cannot evaluate its query`;
    out.error = e.lastError ?? "unknown error";
  }
  return out;
}

export function alertRecord(
  def: MonitorDef,
  e: SignalSeverityState,
  muted: boolean,
  at: number,
  ack: Ack | null = null,
  inhibitedBy?: string[],
): AlertRecord {
  const labels = alertLabels(def, e);
  return {
    id: e.alertId ?? "",
    monitorId: def.id,
    monitorSlug: def.slug,
    monitorName: def.name,
    signalKey: e.signalKey,
    signalLabels: e.labels,
    labels,
    annotations: annotationsFor(def, labels, e.lastValue, e),
    severity: e.severity,
    state: e.state,
    noDataSince: e.noDataSince ?? null,
    muted,
    flapping: e.flapping,
    startedAt: e.activeAt ?? e.firingAt ?? at,
    firingAt: e.firingAt,
    resolvedAt: e.resolvedAt,
    lastValue: e.lastValue !== null && Number.isFinite(e.lastValue) ? e.lastValue : null,
    updatedAt: at,
    ack: ack && { by: ack.by, at: ack.at, comment: ack.comment },
    inhibitedBy,
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
    annotations: annotationsFor(def, labels, e.lastValue, e),
    alertUrl: `${publicUrl.replace(/\/$/, "")}/alerts/${encodeURIComponent(action.alertId)}`,
    baseUrl: publicUrl,
    at,
    flapping: action.flapping ?? false,
    broken: e.signalKey === BROKEN_SIGNAL ? { error: e.lastError ?? "unknown error" } : null,
  };
}
