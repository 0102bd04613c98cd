import type { Labels } from "../alerting/types";

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/**
 * Firing alerts sharing these labels (all present, same values) join one open incident automatically. This is the
 * workspace's group-by until an admin sets another (like Alertmanager's group_by); [] turns grouping off.
 */
export const DEFAULT_INCIDENT_GROUP_BY: readonly string[] = ["service"];
export const MAX_INCIDENT_GROUP_BY = 5;

/** The grouping key of an alert, or null when it lacks a grouping label (it is then grouped by hand only). */
export function groupKeyOf(labels: Labels, groupBy: readonly string[]): string | null {
  const picked: Labels = {};
  for (const n of [...groupBy].sort()) {
    const v = labels[n];
    if (v === undefined || v === "") return null;
    picked[n] = v;
  }
  return groupBy.length ? JSON.stringify(picked) : null;
}

/** A page-worthy alert opens a sev2, a warning a sev3; people raise it to sev1 or lower it. */
export const severityFor = (alertSeverity: string): IncidentSeverity =>
  alertSeverity === "critical" ? "sev2" : "sev3";

/** The worse of two severities (sev1 is worst). */
export const worse = (a: IncidentSeverity, b: IncidentSeverity): IncidentSeverity => (a < b ? a : b);

/**
 * A title naming the group, e.g. "service=checkout: Checkout errors". The key is sorted so it stays one group
 * whatever order the labels were given in; the title reads in the order people configured (`order`).
 */
export function groupTitle(groupKey: string, monitorName: string, order: readonly string[] = []): string {
  const g = JSON.parse(groupKey) as Labels;
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const where = Object.keys(g)
    .sort((a, b) => rank(a) - rank(b))
    .map((k) => `${k}=${g[k]}`)
    .join(", ");
  return `${where}: ${monitorName}`.slice(0, 200);
}

export interface TimelineEntry {
  at: number;
  kind: string;
  by: string | null;
  data: Record<string, unknown>;
}

/** Merge the incident's own events with what its alerts did; oldest first, stable for equal times. */
export function mergeTimeline(...parts: TimelineEntry[][]): TimelineEntry[] {
  return parts
    .flat()
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);
}
