// One-line, human explanations for ranked DDx results.
import type { ValueStats } from "./types";

export function pct(x: number): string {
  const p = x * 100;
  if (p > 0 && p < 1) return "<1%";
  if (p > 99 && p < 100) return ">99%";
  return `${Math.round(p)}%`;
}

export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(3)).toString();
}

/** e.g. "endpoint=/v2/process-payment: 95% of the signal in the window vs 33% in the baseline; explains 97% of the increase (level 22.8 vs 1.4)." */
export function explainMetricValue(label: string, v: ValueStats, direction: 1 | -1): string {
  const change = direction > 0 ? "increase" : "decrease";
  const parts: string[] = [];
  if (v.newInWindow) parts.push(`absent from the baseline, now ${pct(v.windowShare)} of the signal`);
  else parts.push(`${pct(v.windowShare)} of the signal in the window vs ${pct(v.baselineShare)} in the baseline`);
  parts.push(
    `explains ${pct(v.explanatoryPower)} of the ${change} (level ${num(v.windowLevel)} vs ${num(v.baselineLevel)})`,
  );
  if (v.seriesShare >= 0.95 && v.windowShare >= 0.95) {
    parts.push("it is on every series in the window, so it marks when the change happened more than where");
  } else if (v.windowShare > 0 && v.seriesShare > 0 && direction > 0) {
    parts.push(`on ${pct(v.seriesShare)} of the series`);
  }
  if (v.z < 3) parts.push(`weak: ${num(v.z)}x the baseline noise`);
  return `${label}=${v.value}: ${parts.join("; ")}.`;
}
