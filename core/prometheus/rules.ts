// Vigil monitors as Prometheus alerting rules, for `/api/v1/rules` and `/api/v1/alerts` (Grafana's alert list
// and rules view read these). One rule group per monitor; one alerting rule per condition (severity), whose
// query is the monitor's query compared with the threshold, `for` its sustain and `keep_firing_for` its resolve
// window. Shapes follow https://prometheus.io/docs/prometheus/latest/querying/api/#rules.
import { renderTemplate } from "../alerting/template";
import { isOpen, type MonitorState } from "../alerting/types";
import type { MonitorDef } from "../contracts/alerting";

type Labels = Record<string, string>;

/** What a monitor's object reports (structurally a MonitorSnapshot; `health` where the object keeps one). */
export interface MonitorView {
  definition: MonitorDef;
  state: MonitorState | null;
  lastCheck: { at: number; ranAt: number; error: string | null; evalMs?: number } | null;
  health?: { health: string; lastError: string | null; evalMs: number | null } | null;
  /** Set when the object could not be asked (its rule reports health "unknown" with this as lastError). */
  unreachable?: string;
}

export interface PromAlert {
  labels: Labels;
  annotations: Labels;
  state: "pending" | "firing";
  activeAt: string;
  /** Set only on an alert kept firing after its condition stopped holding (Prometheus 2.42+, keep_firing_for). */
  keepFiringSince?: string;
  value: string;
}

export interface PromAlertingRule {
  type: "alerting";
  name: string;
  query: string;
  duration: number;
  keepFiringFor: number;
  labels: Labels;
  annotations: Labels;
  alerts: PromAlert[];
  state: "inactive" | "pending" | "firing";
  health: "ok" | "err" | "unknown";
  lastError: string;
  evaluationTime: number;
  lastEvaluation: string;
}

export interface PromRuleGroup {
  name: string;
  file: string;
  interval: number;
  limit: number;
  rules: PromAlertingRule[];
  evaluationTime: number;
  lastEvaluation: string;
}

/** Go's strconv.FormatFloat(v, 'e', -1, 64), the form Prometheus gives alert values in. */
export function goExp(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  const [m, e] = v.toExponential().split("e");
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

/** Go's zero time, what Prometheus reports for a rule never evaluated. */
const NEVER = "0001-01-01T00:00:00Z";
const iso = (t: number | null | undefined) => (t ? new Date(t).toISOString() : NEVER);

function health(v: MonitorView): { health: PromAlertingRule["health"]; lastError: string } {
  if (v.unreachable) return { health: "unknown", lastError: v.unreachable };
  const h = v.health?.health;
  const error = v.lastCheck?.error ?? null;
  if (h === "error" || (h === undefined && error))
    return { health: "err", lastError: error ?? v.health?.lastError ?? "" };
  if (h === "unknown" || !v.lastCheck) return { health: "unknown", lastError: "" };
  return { health: "ok", lastError: "" };
}

export function ruleGroup(v: MonitorView): PromRuleGroup {
  const def = v.definition;
  const { health: h, lastError } = health(v);
  const evalSeconds = (v.health?.evalMs ?? v.lastCheck?.evalMs ?? 0) / 1000;
  const lastEvaluation = iso(v.lastCheck?.ranAt);
  const rules = def.conditions.map((c): PromAlertingRule => {
    const labels: Labels = { ...def.labels, monitor: def.slug, severity: c.severity };
    const alerts: PromAlert[] = [];
    for (const e of Object.values(v.state?.entries ?? {})) {
      if (e.severity !== c.severity || (e.state !== "pending" && !isOpen(e.state))) continue;
      const alertLabels = { ...def.labels, ...e.labels, alertname: def.name, monitor: def.slug, severity: c.severity };
      const annotations: Labels = {};
      for (const [k, tpl] of Object.entries(def.annotations))
        annotations[k] = renderTemplate(tpl, { labels: alertLabels, value: e.lastValue });
      // A nodata alert keeps its page open: Prometheus shows that as still firing, kept since the data stopped.
      const kept = e.state === "nodata";
      alerts.push({
        labels: alertLabels,
        annotations,
        state: e.state === "pending" ? "pending" : "firing",
        activeAt: iso(e.activeAt),
        ...(kept ? { keepFiringSince: iso(e.noDataSince ?? e.lastEvalAt) } : {}),
        value: goExp(e.lastValue ?? Number.NaN),
      });
    }
    const state = alerts.some((a) => a.state === "firing")
      ? "firing"
      : alerts.some((a) => a.state === "pending")
        ? "pending"
        : "inactive";
    return {
      type: "alerting",
      name: def.name,
      query: `(${def.query}) ${c.operator} ${c.threshold}`,
      duration: c.sustainMs / 1000,
      keepFiringFor: c.resolveWindowMs / 1000,
      labels,
      annotations: def.annotations,
      alerts,
      state,
      health: h,
      lastError,
      evaluationTime: evalSeconds,
      lastEvaluation,
    };
  });
  return {
    name: def.name,
    file: def.collection || def.team || "vigil",
    interval: def.intervalSeconds,
    limit: 0,
    rules,
    evaluationTime: evalSeconds,
    lastEvaluation,
  };
}

export interface RulesFilter {
  type?: "alert" | "record";
  ruleNames?: string[];
  groupNames?: string[];
  files?: string[];
  excludeAlerts?: boolean;
}

/** `/api/v1/rules` with its query parameters (type, rule_name[], rule_group[], file[], exclude_alerts). */
export function rulesBody(views: MonitorView[], f: RulesFilter = {}): { groups: PromRuleGroup[] } {
  if (f.type === "record") return { groups: [] };
  const groups: PromRuleGroup[] = [];
  for (const v of views) {
    if (!v.definition.enabled) continue;
    const g = ruleGroup(v);
    if (f.groupNames?.length && !f.groupNames.includes(g.name)) continue;
    if (f.files?.length && !f.files.includes(g.file)) continue;
    const rules = g.rules
      .filter((r) => !f.ruleNames?.length || f.ruleNames.includes(r.name))
      .map((r) => (f.excludeAlerts ? { ...r, alerts: [] } : r));
    if (rules.length) groups.push({ ...g, rules });
  }
  return { groups };
}

/** `/api/v1/alerts`: every pending and firing alert of every rule (nodata ones as firing, with keepFiringSince). */
export function alertsBody(views: MonitorView[]): { alerts: PromAlert[] } {
  return {
    alerts: views.filter((v) => v.definition.enabled).flatMap((v) => ruleGroup(v).rules.flatMap((r) => r.alerts)),
  };
}
