// The monitor editor's form state and its mapping to and from the API body; plus the preview's
// "which signals would fire now" evaluation. Pure, unit-tested.
import type { MonitorDef } from "../../../../core/contracts/alerting";

export type Operator = MonitorDef["conditions"][number]["operator"];
export const OPERATORS: Operator[] = [">", ">=", "<", "<=", "==", "!="];

export interface CondForm {
  enabled: boolean;
  operator: Operator;
  threshold: string;
  sustain: string;
  resolveWindow: string;
}

export interface MonitorForm {
  name: string;
  query: string;
  unit: string;
  intervalSeconds: 15 | 30 | 60;
  team: string;
  collection: string;
  critical: CondForm;
  warning: CondForm;
  signalMode: "monitor" | "labels" | "series";
  signalKeys: string; // comma separated
  dashboard: string;
  runbook: string;
  channels: string[];
  repeatInterval: string;
  labels: string; // k=v, comma separated
  enabled: boolean;
  noData: MonitorDef["noData"];
  flapEnabled: boolean;
  flapChanges: string;
  flapWindow: string;
  /** Annotations the form has no field for (summary, *_url …): kept as they are on save. */
  otherAnnotations: Record<string, string>;
}

/** What a firing alert whose data stops means; the first is the default. */
export const NO_DATA_CHOICES: { value: MonitorDef["noData"]; label: string }[] = [
  { value: "nodata", label: "No data: keep the page open" },
  { value: "ok", label: "Resolve" },
  { value: "keep", label: "Keep the last state" },
  { value: "alerting", label: "Treat as a breach" },
];

const cond = (enabled: boolean): CondForm => ({
  enabled,
  operator: ">",
  threshold: "",
  sustain: "0",
  resolveWindow: "0",
});

export function emptyForm(): MonitorForm {
  return {
    name: "",
    query: "",
    unit: "",
    intervalSeconds: 60,
    team: "",
    collection: "",
    critical: cond(true),
    warning: cond(false),
    signalMode: "monitor",
    signalKeys: "",
    dashboard: "",
    runbook: "",
    channels: [],
    repeatInterval: "1h",
    labels: "",
    enabled: true,
    noData: "nodata",
    flapEnabled: false,
    flapChanges: "6",
    flapWindow: "1h",
    otherAnnotations: {},
  };
}

/** 300000 -> "5m", 5400000 -> "1h30m", 0 -> "0". */
export function msToDuration(ms: number): string {
  if (!ms) return "0";
  let s = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [u, n] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (s >= n) parts.push(`${Math.floor(s / n)}${u}`), (s %= n);
  }
  return parts.join("");
}

const splitList = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

export function parseLabels(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of splitList(s)) {
    const i = kv.indexOf("=");
    if (i > 0) out[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
  }
  return out;
}

/** The POST/PUT body. Unparseable thresholds stay strings on purpose so the API names the field. */
export function toBody(f: MonitorForm): Record<string, unknown> {
  const conditions = (["critical", "warning"] as const)
    .filter((sev) => f[sev].enabled)
    .map((sev) => {
      const c = f[sev];
      const n = Number(c.threshold);
      return {
        severity: sev,
        operator: c.operator,
        threshold: c.threshold.trim() !== "" && Number.isFinite(n) ? n : c.threshold,
        sustain: c.sustain.trim() || "0",
        resolveWindow: c.resolveWindow.trim() || "0",
      };
    });
  const annotations: Record<string, string> = { ...f.otherAnnotations };
  if (f.dashboard.trim()) annotations.dashboard = f.dashboard.trim();
  if (f.runbook.trim()) annotations.runbook = f.runbook.trim();
  return {
    name: f.name,
    query: f.query,
    ...(f.unit.trim() ? { unit: f.unit.trim() } : {}),
    intervalSeconds: f.intervalSeconds,
    team: f.team,
    collection: f.collection,
    conditions,
    signals: f.signalMode === "labels" ? { mode: "labels", keys: splitList(f.signalKeys) } : { mode: f.signalMode },
    annotations,
    channels: f.channels,
    repeatInterval: f.repeatInterval.trim() || "1h",
    labels: parseLabels(f.labels),
    enabled: f.enabled,
    noData: f.noData,
    flapping: {
      enabled: f.flapEnabled,
      changes:
        f.flapChanges.trim() !== "" && Number.isInteger(Number(f.flapChanges)) ? Number(f.flapChanges) : f.flapChanges,
      window: f.flapWindow.trim() || "1h",
    },
  };
}

export function fromDef(d: MonitorDef): MonitorForm {
  const f = emptyForm();
  f.critical.enabled = false;
  for (const c of d.conditions)
    f[c.severity] = {
      enabled: true,
      operator: c.operator,
      threshold: String(c.threshold),
      sustain: msToDuration(c.sustainMs),
      resolveWindow: msToDuration(c.resolveWindowMs),
    };
  return {
    ...f,
    name: d.name,
    query: d.query,
    unit: d.unit ?? "",
    intervalSeconds: d.intervalSeconds as 15 | 30 | 60,
    team: d.team,
    collection: d.collection,
    signalMode: d.signals.mode,
    signalKeys: d.signals.mode === "labels" ? d.signals.keys.join(", ") : "",
    dashboard: d.annotations.dashboard ?? "",
    runbook: d.annotations.runbook ?? "",
    channels: [...d.channels],
    repeatInterval: msToDuration(d.repeatIntervalMs),
    labels: Object.entries(d.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(", "),
    enabled: d.enabled,
    noData: d.noData,
    flapEnabled: d.flapping?.enabled ?? false,
    flapChanges: String(d.flapping?.changes ?? 6),
    flapWindow: msToDuration(d.flapping?.windowMs ?? 3_600_000),
    otherAnnotations: Object.fromEntries(
      Object.entries(d.annotations).filter(([k]) => k !== "dashboard" && k !== "runbook"),
    ),
  };
}

export function compare(op: Operator, v: number, t: number): boolean {
  switch (op) {
    case ">":
      return v > t;
    case ">=":
      return v >= t;
    case "<":
      return v < t;
    case "<=":
      return v <= t;
    case "==":
      return v === t;
    case "!=":
      return v !== t;
  }
}

export interface PreviewSignal {
  signal: string;
  value: number;
  severity: "critical" | "warning" | null;
}

/** Which signals would breach now (ignoring sustain): samples grouped by the signal keys, worst value wins. */
export function previewSignals(
  samples: { metric: Record<string, string>; value: number }[],
  f: MonitorForm,
): PreviewSignal[] {
  const keys = splitList(f.signalKeys);
  const name = (m: Record<string, string>) =>
    f.signalMode === "monitor"
      ? f.name || "monitor"
      : f.signalMode === "labels"
        ? keys.map((k) => `${k}=${m[k] ?? ""}`).join(", ")
        : Object.entries(m)
            .filter(([k]) => k !== "__name__")
            .map(([k, v]) => `${k}=${v}`)
            .join(", ") || "{}";
  const sevOf = (v: number): PreviewSignal["severity"] => {
    for (const sev of ["critical", "warning"] as const) {
      const c = f[sev];
      const t = Number(c.threshold);
      if (c.enabled && c.threshold.trim() !== "" && Number.isFinite(t) && compare(c.operator, v, t)) return sev;
    }
    return null;
  };
  const rank = (s: PreviewSignal["severity"]) => (s === "critical" ? 2 : s === "warning" ? 1 : 0);
  const by = new Map<string, PreviewSignal>();
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    const p = { signal: name(s.metric), value: s.value, severity: sevOf(s.value) };
    const prev = by.get(p.signal);
    if (!prev || rank(p.severity) > rank(prev.severity)) by.set(p.signal, p);
  }
  return [...by.values()].sort((a, b) => rank(b.severity) - rank(a.severity) || a.signal.localeCompare(b.signal));
}
