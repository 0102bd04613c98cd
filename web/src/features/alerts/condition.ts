// A monitor's condition in words and units, from its definition: "> 5 % for 3 m".
import { formatValue } from "../../charts/options";

export interface ConditionDef {
  severity: string;
  operator: string;
  threshold: number;
  sustainMs?: number;
}

/** 180000 -> "3 m", 90000 -> "1 m 30 s", 5400000 -> "1 h 30 m". */
export function shortDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const parts: string[] = [];
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} m`);
  if (sec || !parts.length) parts.push(`${sec} s`);
  return parts.join(" ");
}

/** The threshold with its unit as a person writes it: "5 %", "4,200 ms", "0.05". */
export function thresholdText(value: number, unit: string): string {
  const n = Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
  return unit ? `${n} ${unit}` : n;
}

export function conditionText(c: ConditionDef, unit: string): string {
  const sustain = c.sustainMs ? ` for ${shortDuration(c.sustainMs)}` : "";
  return `${c.operator} ${thresholdText(c.threshold, unit)}${sustain}`;
}

/** "The value is 6.4 %": a last value in the monitor's unit. */
export function valueText(v: number, unit: string): string {
  if (unit === "%") return `${formatValue(v, "%")}`.replace("%", " %");
  return formatValue(v, unit);
}

/**
 * The alert's value now: the evaluator's last check for the alert's signal while it is open (one sample, no error),
 * else the value at its last transition. Rows are mirrored on transitions only, so a firing alert's own lastValue
 * stays what it was when it fired: a 5-minute error rate caught early in an incident reads 13 % while it is 50 %.
 */
export function currentValue(d: {
  alert: { lastValue: number | null };
  evaluator?: { at: number; error: string | null; samples: { value: number | null }[] } | null;
}): { value: number; at: number | null } | null {
  const ev = d.evaluator;
  const v = ev && !ev.error && ev.samples.length === 1 ? ev.samples[0].value : null;
  if (ev && v !== null && Number.isFinite(v)) return { value: v, at: ev.at };
  return d.alert.lastValue !== null ? { value: d.alert.lastValue, at: null } : null;
}
