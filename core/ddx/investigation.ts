// The investigation a monitor starts when an alert fires (issue 14 §5): which DDx to run for the alert's signal,
// and the one "likely cause" line the alert page, the phone and the pager show. Pure: the monitor's Durable Object
// runs it (platform/ddx/investigate.ts) after the notification has gone out.
import type { ChangeLink } from "./changes";
import type { MetricDdxRequest, TimeRange } from "./contracts";

/** What the alert knows when it fires. */
export interface FiringAlert {
  alertId: string;
  monitorId: string;
  query: string;
  /** The alert's own signal (e.g. environment, region): pinned as the scope. */
  signalLabels: Record<string, string>;
  /** Alert labels (signal and monitor labels): `service` names the service for trace DDx. */
  labels: Record<string, string>;
  /** When the condition was first breached and when it fired. */
  startedAt: number;
  firingAt: number;
}

export interface LikelyCause {
  label: string;
  value: string;
  divergence: number;
  reason: string;
  /** The change event that names the value (the deploy), with how long before the alert started it happened. */
  change?: ChangeLink & { beforeMs: number };
  /** "deployment.version=v3.41.0 (Deploy: checkout-service v3.41.0, 2 min before)". */
  text: string;
  /** A path in the web app: the change event on the changes page, else DDx on the alert's window. */
  href: string;
}

/** The window DDx looks at: from the first breach (less the time it took to sustain, at least a minute) to the
 * firing check, as the alert page's DDx link does; the baseline is the period before it. */
export function investigationWindow(a: Pick<FiringAlert, "startedAt" | "firingAt">): TimeRange {
  const lead = Math.max(60_000, a.firingAt - a.startedAt);
  return { start: a.startedAt - lead, end: Math.max(a.firingAt, a.startedAt + 60_000) };
}

export function metricRequest(a: FiringAlert): MetricDdxRequest {
  return {
    query: a.query,
    window: investigationWindow(a),
    baseline: { mode: "previous" },
    scope: Object.entries(a.signalLabels).map(([name, value]) => ({ name, op: "=" as const, value })),
    includeLabels: [],
    excludeLabels: [],
    top: 10,
    changeEvents: true,
    signal: "auto",
  };
}

interface Row {
  label: string;
  value: string;
  divergence: number;
  reason?: string;
  explanation: string;
  kind?: string;
  change?: ChangeLink;
}

/** Rows this far below the top one still count when a change event names them: the deploy is what a responder
 * acts on (roll back), even when the endpoint it broke ranks a little higher. */
const CHANGE_WITHIN = 0.5;

/**
 * The likely cause: among the causes (not contained, alike, traffic shifts or noise), the highest-ranked one a
 * change event names, if it diverges at least half as much as the top cause; otherwise the top cause itself.
 * Nothing when no row is a cause: an empty answer is better than a guess on a pager.
 */
export function likelyCause(ranked: Row[], a: FiringAlert): LikelyCause | undefined {
  const at = a.startedAt;
  const causes = ranked.filter((r) => (r.kind ?? "cause") === "cause" && r.divergence > 0);
  if (!causes.length) return undefined;
  const top = causes[0];
  const changed = causes.slice(0, 3).find((r) => r.change && r.divergence >= CHANGE_WITHIN * top.divergence);
  const r = changed ?? top;
  const change = r.change ? { ...r.change, beforeMs: at - r.change.happenedAt } : undefined;
  const pair = `${r.label}=${r.value}`;
  return {
    label: r.label,
    value: r.value,
    divergence: r.divergence,
    reason: r.reason ?? r.explanation,
    change,
    text: change ? `${pair} (${change.title}, ${ago(change.beforeMs)})` : pair,
    href: change ? changesHref(change.happenedAt) : ddxHref(a),
  };
}

const changesHref = (t: number) =>
  `/changes?${new URLSearchParams({ from: String(t - 3_600_000), to: String(t + 3_600_000) }).toString()}`;

/** The DDx page on the same question the investigation asked. */
export function ddxHref(a: FiringAlert): string {
  const w = investigationWindow(a);
  const p = new URLSearchParams({ q: a.query, alert: a.alertId, from: String(w.start), to: String(w.end) });
  for (const [k, v] of Object.entries(a.signalLabels)) p.append("match", `${k}=${v}`);
  return `/ddx?${p.toString()}`;
}

function ago(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (ms < 0) return "after the alert started";
  if (min < 1) return "just before";
  if (min < 120) return `${min} min before`;
  return `${Math.round(min / 60)} h before`;
}
