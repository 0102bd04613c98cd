// The SLO editor's form state and its mapping to and from the API body; figures formatted for people. Pure.
import type { SloDef } from "../../../../core/contracts/slos";

export interface PolicyForm {
  name: string;
  severity: "critical" | "warning";
  burnRate: string;
  longWindow: string;
  shortWindow: string;
}

export interface SloForm {
  name: string;
  description: string;
  teamId: string;
  collection: string;
  kind: "ratio" | "threshold";
  events: "bad" | "good";
  eventsSelector: string;
  total: string;
  query: string;
  operator: "<" | "<=" | ">" | ">=";
  threshold: string;
  groupBy: string;
  objectivePct: string;
  window: "7d" | "28d" | "30d";
  alertingEnabled: boolean;
  channels: string[];
  policies: PolicyForm[];
}

export const WORKBOOK: PolicyForm[] = [
  { name: "fast burn", severity: "critical", burnRate: "14.4", longWindow: "1h", shortWindow: "5m" },
  { name: "slow burn", severity: "critical", burnRate: "6", longWindow: "6h", shortWindow: "30m" },
  { name: "budget drift", severity: "warning", burnRate: "1", longWindow: "3d", shortWindow: "6h" },
];

export const emptyForm = (): SloForm => ({
  name: "",
  description: "",
  teamId: "",
  collection: "",
  kind: "ratio",
  events: "bad",
  eventsSelector: "",
  total: "",
  query: "",
  operator: "<",
  threshold: "",
  groupBy: "",
  objectivePct: "99.5",
  window: "30d",
  alertingEnabled: true,
  channels: [],
  policies: WORKBOOK.map((p) => ({ ...p })),
});

/** 3_600_000 -> "1h", 5_400_000 -> "90m", 259_200_000 -> "3d". */
export function msToDuration(ms: number): string {
  for (const [unit, size] of [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ] as const)
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

export function fromDef(d: SloDef): SloForm {
  const ratio = d.sli.kind === "ratio" ? d.sli : null;
  const thr = d.sli.kind === "threshold" ? d.sli : null;
  return {
    name: d.name,
    description: d.description,
    teamId: d.teamId ?? "",
    collection: d.collection,
    kind: d.sli.kind,
    events: ratio?.good ? "good" : "bad",
    eventsSelector: ratio ? (ratio.good ?? ratio.bad ?? "") : "",
    total: ratio?.total ?? "",
    query: thr?.query ?? "",
    operator: thr?.operator ?? "<",
    threshold: thr ? String(thr.threshold) : "",
    groupBy: d.groupBy.join(", "),
    objectivePct: String(Number((d.objective * 100).toPrecision(8))),
    window: d.window,
    alertingEnabled: d.alerting.enabled,
    channels: [...d.alerting.channels],
    policies: d.alerting.policies.map((p) => ({
      name: p.name,
      severity: p.severity,
      burnRate: String(p.burnRate),
      longWindow: msToDuration(p.longWindowMs),
      shortWindow: msToDuration(p.shortWindowMs),
    })),
  };
}

/** The API body. Numbers that don't parse are sent as NaN-free strings so the server names the field. */
export function toBody(f: SloForm, slug?: string): Record<string, unknown> {
  const num = (s: string) => (s.trim() === "" || Number.isNaN(Number(s)) ? s : Number(s));
  const objective = num(f.objectivePct);
  return {
    name: f.name.trim(),
    ...(slug ? { slug } : {}),
    description: f.description,
    teamId: f.teamId || null,
    collection: f.collection.trim(),
    sli:
      f.kind === "ratio"
        ? { kind: "ratio", [f.events]: f.eventsSelector.trim(), total: f.total.trim() }
        : { kind: "threshold", query: f.query.trim(), operator: f.operator, threshold: num(f.threshold) },
    groupBy: f.groupBy
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    objective: typeof objective === "number" ? Number((objective / 100).toPrecision(10)) : objective,
    window: f.window,
    alerting: {
      enabled: f.alertingEnabled,
      channels: f.channels,
      policies: f.policies.map((p) => ({
        name: p.name.trim(),
        severity: p.severity,
        burnRate: num(p.burnRate),
        longWindow: p.longWindow.trim(),
        shortWindow: p.shortWindow.trim(),
      })),
    },
  };
}

/** 0.99512 -> "99.51 %"; null -> "no data". */
export const pct = (v: number | null, digits = 2) =>
  v === null ? "no data" : `${(v * 100).toFixed(digits).replace(/\.?0+$/, "")} %`;

/** A burn rate as people read it: "14.4x", "0.2x". */
export const burn = (v: number | null) =>
  v === null ? "–" : `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2)}x`;

/** Time left, coarsely: "2 d 3 h", "45 min", "now", "never at this rate". */
export function timeLeft(ms: number | null): string {
  if (ms === null) return "never at this rate";
  if (ms <= 0) return "exhausted";
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  if (d > 0) return h ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m ? `${h} h ${m} min` : `${h} h`;
  return `${Math.max(1, m)} min`;
}

/** The budget's state as a tone for colours: healthy, at risk (under a quarter left), spent. */
export function budgetTone(remaining: number | null): "ok" | "warn" | "bad" | "none" {
  if (remaining === null) return "none";
  if (remaining <= 0) return "bad";
  return remaining < 0.25 ? "warn" : "ok";
}
