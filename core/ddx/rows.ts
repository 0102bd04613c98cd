// From a label's scores to the rows a person reads: the divergence figure, which comparison found it, and its kind.
import type { LabelScore, ValueScore } from "./divergence";
import type { Comparison, RowKind, ValueStats } from "./types";

/** A row needs this divergence (percent) to count as a cause; below it the row stays, ranked low, with a reason. */
export const MIN_CAUSE = 5;
/** A comparison "found" a value when its term (0..1, confidence-weighted) is at least this. */
const FOUND = 0.1;
/** Traffic share moved by this factor (either way) at an unchanged error rate: a traffic shift. */
const SHIFT = 1.5;

export function comparisonOf(timeTerm: number, populationTerm: number): Comparison {
  if (timeTerm >= FOUND && populationTerm >= FOUND) return "both";
  if (Math.max(timeTerm, populationTerm) < 0.02) return "none";
  return timeTerm >= populationTerm ? "baseline" : "population";
}

function isTrafficShift(s: ValueScore, total: LabelScore["total"], rateMode: boolean): boolean {
  if (!rateMode || Math.abs(s.zTime) >= 3 || s.timeTerm >= 0.05) return false;
  const share = total.nw > 0 ? s.nw / total.nw : 0;
  const before = total.nb > 0 ? s.nb / total.nb : 0;
  if (!(before > 0)) return share >= 0.05;
  const ratio = share / before;
  return share >= 0.02 && (ratio >= SHIFT || ratio <= 1 / SHIFT);
}

export function rowOf(
  value: string,
  s: ValueScore,
  label: LabelScore,
  series: number,
  flags: { alike: boolean; rateMode: boolean },
): ValueStats {
  const t = label.total;
  const shift = isTrafficShift(s, t, flags.rateMode);
  const older = s.populationTerm >= FOUND && s.heldBefore >= 0.6;
  // A traffic shift keeps only the part of its population difference that is new: the rest was there before.
  const pop = shift ? Math.max(0, s.populationTerm - s.popDivergenceBefore) : s.populationTerm;
  const divergence = Math.round(Math.min(100, 50 * (s.timeTerm + pop)) * 10) / 10;
  let kind: RowKind;
  if (shift && divergence < MIN_CAUSE * 2) kind = "traffic-shift";
  else if (divergence >= MIN_CAUSE) kind = "cause";
  else if (flags.alike) kind = "alike";
  else if (s.excess <= 0 && s.popExcess <= 0) kind = "lower";
  else kind = "noise";
  return {
    value,
    divergence,
    kind,
    // Only a cause was found by a comparison; a row kept low says why instead.
    comparison: kind === "cause" ? comparisonOf(s.timeTerm, pop) : "none",
    reason: "",
    timeTerm: s.timeTerm,
    populationTerm: pop,
    windowShare: t.ew > 0 ? s.ew / t.ew : 0,
    baselineShare: t.eb > 0 ? s.eb / t.eb : 0,
    trafficShare: t.nw > 0 ? s.nw / t.nw : 0,
    baselineTrafficShare: t.nb > 0 ? s.nb / t.nb : 0,
    rate: s.nw > 0 ? s.ew / s.nw : 0,
    baselineRate: s.baselineRate,
    restRate: s.restRate,
    explanatoryPower: s.explanatoryPower,
    zTime: round(s.zTime),
    zPopulation: round(s.zPopulation),
    newInWindow: s.isNew && s.nw > 0,
    concurrentShare: s.concurrentShare,
    olderThanBaseline: older && !shift,
    series,
  };
}

/** A label moved alike when the signal changed but none of its values changed differently from the rest. */
export function movedAlike(label: LabelScore): boolean {
  return Math.abs(label.total.z) >= 3 && label.values.every((v) => v.timeTerm < FOUND);
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : x > 0 ? 1e9 : -1e9;
}
