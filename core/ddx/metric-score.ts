// The metric DDx score for one label=value, from per-step sums of the value and of its label. See docs/DDX.md.
import { clamp, mean, robustSigma, stddev } from "./stats";

/** Weights of the two kinds of surprise; they sum to 1 so the score stays within 0..100. */
export const TIME_WEIGHT = 0.5;
export const SPACE_WEIGHT = 0.5;
/** z at which the significance term is one half: a change of two baseline sigmas counts half. */
export const Z_HALF = 2;

/** Interquartile mean: the baseline level. It ignores up to a quarter of contaminated steps at either end
 * (a fault that began before the baseline ended) but, unlike the median, still sees sparse low-rate signal. */
export function interquartileMean(values: ArrayLike<number>): number {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) xs.push(values[i]);
  if (xs.length === 0) return 0;
  if (xs.length < 4) return mean(xs);
  xs.sort((a, b) => a - b);
  const lo = Math.floor(xs.length / 4);
  const hi = xs.length - lo;
  let s = 0;
  for (let i = lo; i < hi; i++) s += xs[i];
  return s / (hi - lo);
}

export interface ValueLevels {
  /** Mean per-step signal in the window. */
  window: number;
  /** Robust per-step level in the baseline. */
  baseline: number;
  /** Plain mean in the baseline (to tell "new" from "sparse"). */
  baselineMean: number;
  /** Step-to-step noise of the baseline. */
  sigma: number;
  /** Share of the window's series that carry the value. */
  seriesShare: number;
}

/** Levels of one value from its per-step sums (NaN-free: missing samples already count as 0). */
export function levelsOf(windowSteps: Float64Array, baselineSteps: Float64Array, seriesShare: number): ValueLevels {
  const baseline = interquartileMean(baselineSteps);
  const sigma = Math.max(robustSigma(baselineSteps) || 0, 0.5 * stddev(baselineSteps), 0.05 * Math.abs(baseline));
  return { window: mean(windowSteps) || 0, baseline, baselineMean: mean(baselineSteps) || 0, sigma, seriesShare };
}

export interface LabelTotals {
  window: number;
  baseline: number;
  /** Denominator of explanatory power: the label's net change, or half its gross change if larger. */
  change: number;
  direction: 1 | -1;
}

export function labelTotals(levels: ValueLevels[], direction: 1 | -1): LabelTotals {
  let w = 0;
  let b = 0;
  let gross = 0;
  for (const l of levels) {
    w += l.window;
    b += l.baseline;
    gross += Math.abs(l.window - l.baseline);
  }
  const eps = 1e-12 * (Math.abs(w) + Math.abs(b)) + 1e-300;
  return { window: w, baseline: b, change: Math.max(direction * (w - b), 0.5 * gross, eps), direction };
}

export interface ValueScore {
  windowShare: number;
  baselineShare: number;
  explanatoryPower: number;
  timeSurprise: number;
  spaceSurprise: number;
  z: number;
  significance: number;
  score: number;
}

/** Score = 100 * EP * (wT * share shift over time + wS * share excess over series share) * z^2/(z^2 + z0^2). */
export function scoreValue(l: ValueLevels, t: LabelTotals): ValueScore {
  const d = t.direction;
  const windowShare = t.window > 0 ? l.window / t.window : 0;
  const baselineShare = t.baseline > 0 ? l.baseline / t.baseline : 0;
  const delta = d * (l.window - l.baseline);
  const explanatoryPower = clamp(delta / t.change, 0, 1);
  const timeSurprise = clamp(d * (windowShare - baselineShare), 0, 1);
  const spaceSurprise = clamp(d * (windowShare - l.seriesShare), 0, 1);
  const floor = 1e-9 * (Math.abs(t.window) + Math.abs(t.baseline)) + 1e-300;
  const z = delta / Math.max(l.sigma, floor);
  const significance = z > 0 ? (z * z) / (z * z + Z_HALF * Z_HALF) : 0;
  const score = 100 * explanatoryPower * (TIME_WEIGHT * timeSurprise + SPACE_WEIGHT * spaceSurprise) * significance;
  return { windowShare, baselineShare, explanatoryPower, timeSurprise, spaceSurprise, z, significance, score };
}
