// The words of a trace DDx row: the older `explanation` (both sides with intervals) and the one-line `reason` that
// names the comparison the row's divergence comes from.
import { num, pct } from "./explain";
import type { AttributeStat, TraceComparison } from "./trace-types";

export const SIDE_NAMES: Record<TraceComparison, [string, string]> = {
  errors: ["error spans", "successful spans"],
  slow: ["slow spans", "the other spans"],
  window: ["spans in the window", "spans in the earlier window"],
};
const RATE_NAME: Record<TraceComparison, string> = { errors: "error rate", slow: "slow share", window: "" };

type Row = Omit<AttributeStat, "explanation" | "reason">;

export function explain(a: Row, mode: TraceComparison, minSupport: number): string {
  const [t, c] = SIDE_NAMES[mode];
  if (!a.supported)
    return `${a.key}=${a.value}: on only ${a.target.count} of the ${t} (fewer than ${minSupport}): too few to tell.`;
  const parts = [
    `${pct(a.target.pct)} of ${t} (95% CI ${pct(a.target.low)}-${pct(a.target.high)}) vs ${pct(a.comparison.pct)} of ${c}`,
  ];
  if (a.target.pctOfKey > a.target.pct + 0.05) parts.push(`${pct(a.target.pctOfKey)} of the ${t} that have ${a.key}`);
  if (a.before)
    parts.push(a.before.present ? `seen before the window (${pct(a.before.pct)})` : "absent before the window");
  else if (mode === "window" && a.comparison.count === 0) parts.push("new in this window");
  if (Number.isFinite(a.lift) && a.lift > 1) parts.push(`${num(a.lift)}x as common`);
  return `${a.key}=${a.value}: ${parts.join("; ")}.`;
}

/** "98% of error spans, absent before the window; error rate 41% vs 0.3% before (the scope's)". */
export function reasonOf(a: Row, mode: TraceComparison, minSupport: number): string {
  const [t, c] = SIDE_NAMES[mode];
  if (!a.supported) return `on only ${a.target.count} of the ${t} (fewer than ${minSupport}): too few to tell.`;
  const keyed = a.target.pctOfKey > a.target.pct + 0.05 ? ` (${pct(a.target.pctOfKey)} of those with ${a.key})` : "";
  const seen = a.before
    ? a.before.present
      ? `, seen before the window`
      : ", absent before the window"
    : mode === "window" && a.comparison.count === 0
      ? ", new in this window"
      : "";
  const share = `${pct(a.target.pct)} of ${t}${keyed}`;
  const vsRest = `${pct(a.comparison.pct)} of ${c}`;
  const parts: string[] = [];
  const tm = a.time;
  const rate = tm
    ? `${RATE_NAME[mode]} ${ratePct(tm.rate)} vs ${ratePct(tm.before)} before${tm.beforeFrom === "scope" ? " (the scope's)" : ""}`
    : "";
  if (a.rankedBy === "time" && tm) parts.push(`${share}${seen}`, rate, `vs ${vsRest} now`);
  else {
    parts.push(`${share} vs ${vsRest}${seen}`);
    if (tm)
      parts.push(
        tm.divergence > 0
          ? rate
          : tm.rate <= tm.beforeHigh * tm.moved
            ? `${rate}: not a change`
            : `${rate}: too few spans to call it a change`,
      );
  }
  if (tm && tm.moved >= 1.5) parts.push(`the other values of ${a.key} rose ${num(tm.moved)}x too`);
  if (a.kind === "contained" && a.within) parts.push(`within ${a.within} (its ${t} carry that too)`);
  if (a.symptom) parts.push("describes the error itself");
  return `${parts.join("; ")}.`;
}

/** Rates can be far below 1%: keep two significant digits there instead of "<1%". */
function ratePct(x: number): string {
  const p = x * 100;
  if (p === 0) return "0%";
  return `${Number(p.toPrecision(p >= 10 ? 3 : 2))}%`;
}
