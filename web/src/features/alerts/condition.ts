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
