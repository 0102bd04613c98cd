// Floor baselines for the DDx benchmark: per label=value z-scores of the window against the baseline.
// N-sigma uses mean/stddev; the robust variant median/IQR. Neither weighs explanatory power or share.
import { dense, groupByLabel, labelKeys, presentIn } from "./group";
import { mean, median, quantile, stddev } from "./stats";
import type { GridWindow } from "./types";

export interface BaselineRanked {
  label: string;
  value: string;
  score: number;
}

function rankBy(
  rawWindow: GridWindow,
  rawBaseline: GridWindow,
  z: (w: Float64Array, b: Float64Array) => number,
  exclude: string[] = [],
): BaselineRanked[] {
  const present = presentIn(rawWindow);
  const window = dense(rawWindow);
  const baseline = dense(rawBaseline);
  let w = 0;
  let b = 0;
  for (const s of window.series) w += mean(s.values) || 0;
  for (const s of baseline.series) b += mean(s.values) || 0;
  const direction = w >= b ? 1 : -1;
  const out: BaselineRanked[] = [];
  for (const label of labelKeys(window, baseline, undefined, exclude)) {
    const groups = groupByLabel(label, window, baseline, present);
    if (groups.length < 2) continue;
    for (const g of groups) out.push({ label, value: g.value, score: direction * z(g.windowSteps, g.baselineSteps) });
  }
  return out.sort((x, y) => y.score - x.score || x.label.localeCompare(y.label) || x.value.localeCompare(y.value));
}

const EPS = 1e-9;

/** (mean(window) - mean(baseline)) / stddev(baseline). */
export function nSigmaRank(window: GridWindow, baseline: GridWindow, exclude?: string[]): BaselineRanked[] {
  return rankBy(window, baseline, (w, b) => ((mean(w) || 0) - (mean(b) || 0)) / Math.max(stddev(b), EPS), exclude);
}

/** (median(window) - median(baseline)) / (IQR(baseline) / 1.349). */
export function robustRank(window: GridWindow, baseline: GridWindow, exclude?: string[]): BaselineRanked[] {
  return rankBy(
    window,
    baseline,
    (w, b) => ((median(w) || 0) - (median(b) || 0)) / Math.max((quantile(b, 0.75) - quantile(b, 0.25)) / 1.349, EPS),
    exclude,
  );
}
