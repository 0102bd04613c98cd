// Trace DDx's comparison in time (what changed): a value's error rate (or slow share) now against its own rate in
// the baseline window, or against the scope's baseline rate when the value was absent then. Rates, never shares:
// "share of the errors now" against "share of all spans before" would score every traffic shift (issue 14).
// Both windows are stratified samples (target and comparison spans read apart, each uniform with its exact count),
// so a value's spans are weighted back to the population and its rate interval uses Kish's effective sample size.
import { wilson } from "./stats";

/** One side of a comparison: sampled spans carrying each value, how many were sampled and how many matched. */
export interface SideCounts {
  sampled: number;
  total: number;
}

export interface RateEstimate {
  rate: number;
  low: number;
  high: number;
  /** Estimated spans carrying the value (both sides, weighted back to the population). */
  spans: number;
}

/** The value's rate from kt of the target sample and ko of the comparison sample: each sampled span stands for
 * total/sampled spans of its side. The interval is Wilson's on Kish's effective size (sum w)^2 / sum w^2, which is
 * the plain count when nothing was thinned. */
export function rateOf(kt: number, t: SideCounts, ko: number, o: SideCounts, z: number): RateEstimate {
  const wt = t.sampled ? Math.max(t.total, t.sampled) / t.sampled : 0;
  const wo = o.sampled ? Math.max(o.total, o.sampled) / o.sampled : 0;
  const e = kt * wt;
  const n = e + ko * wo;
  if (n <= 0) return { rate: 0, low: 0, high: 1, spans: 0 };
  const rate = e / n;
  const eff = n ** 2 / (kt * wt ** 2 + ko * wo ** 2);
  const w = wilson(rate * eff, eff, z);
  return { rate, low: w.low, high: w.high, spans: n };
}

export interface TimeComparison {
  /** The value's rate in the window, with its interval. */
  now: RateEstimate;
  /** What it is compared with: the value's own rate before, or the scope's when the value was absent before. */
  before: RateEstimate;
  beforeFrom: "value" | "scope";
  /** 0..100, see timeDivergence. */
  divergence: number;
}

/**
 * The part of the window's target spans that the rise in this value's rate explains: its share of the target spans
 * times its attributable fraction 1 - before/now, each at the cautious end of its interval (the low share, the low
 * rate now, the high rate before). A new value failing at 41% where the scope failed at 0.3% keeps nearly all its
 * share; one whose rate did not move scores 0 however much its traffic grew.
 */
export function timeDivergence(shareLow: number, now: RateEstimate, before: RateEstimate): number {
  if (now.low <= 0 || now.low <= before.high) return 0;
  const af = 1 - before.high / now.low;
  return Math.round(Math.max(0, Math.min(1, shareLow * af)) * 10_000) / 100;
}
