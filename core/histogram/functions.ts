// PromQL's histogram_* functions over one native histogram (Prometheus v2.53 promql/functions.go and
// quantile.go): linear interpolation inside a bucket, and the zero bucket taken to end at 0 when all the
// other buckets are on one side of it.
import { allBuckets, type Bucket } from "./buckets";
import { type FloatHistogram, usesCustomBuckets } from "./float-histogram";

export const histogramCount = (h: FloatHistogram) => h.count;
export const histogramSum = (h: FloatHistogram) => h.sum;
export const histogramAvg = (h: FloatHistogram) => h.sum / h.count;

/** The zero bucket of a histogram whose observations are all positive (or all negative) starts (ends) at 0. */
function clampZeroBucket(h: FloatHistogram, b: Bucket): Bucket {
  if (usesCustomBuckets(h) || !(b.lower < 0 && b.upper > 0)) return b;
  if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) return { ...b, lower: 0 };
  if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) return { ...b, upper: 0 };
  return b;
}

/** histogram_quantile for a native histogram. Walks from the nearer end (from below for q < 0.5 or when
 * NaN observations make the bucket total fall short of the count). */
export function histogramQuantile(q: number, h: FloatHistogram): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (h.count === 0 || Number.isNaN(q)) return NaN;
  const fromBelow = Number.isNaN(h.sum) || q < 0.5;
  const buckets = allBuckets(h);
  if (!fromBelow) buckets.reverse();
  let rank = fromBelow ? q * h.count : (1 - q) * h.count;
  let count = 0;
  let found: Bucket | undefined;
  for (const b of buckets) {
    found = b;
    count += b.count;
    if (count >= rank) break;
  }
  if (found === undefined) return NaN;
  let bucket = clampZeroBucket(h, found);
  if (count > h.count) count = h.count;
  if (count < rank) return bucket.upper;
  rank = fromBelow ? rank - (count - bucket.count) : count - rank;
  if (usesCustomBuckets(h)) {
    // Classic-histogram rules for the open-ended custom buckets (Prometheus 3 does the same).
    if (bucket.lower === -Infinity) {
      if (bucket.upper <= 0) return bucket.upper;
      bucket = { ...bucket, lower: 0 };
    }
    if (bucket.upper === Infinity) return bucket.lower;
  }
  return bucket.lower + (bucket.upper - bucket.lower) * (rank / bucket.count);
}

/** histogram_fraction: the share of observations between `lower` and `upper`, interpolating linearly. */
export function histogramFraction(lower: number, upper: number, h: FloatHistogram): number {
  if (h.count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank: number | undefined;
  let upperRank: number | undefined;
  for (const raw of allBuckets(h)) {
    const b = clampZeroBucket(h, raw);
    if (lowerRank === undefined && b.lower >= lower) lowerRank = rank;
    if (upperRank === undefined && b.lower >= upper) upperRank = rank;
    if (lowerRank !== undefined && upperRank !== undefined) break;
    if (lowerRank === undefined && b.lower < lower && b.upper > lower)
      lowerRank = rank + (b.count * (lower - b.lower)) / (b.upper - b.lower);
    if (upperRank === undefined && b.lower < upper && b.upper > upper)
      upperRank = rank + (b.count * (upper - b.lower)) / (b.upper - b.lower);
    if (lowerRank !== undefined && upperRank !== undefined) break;
    rank += b.count;
  }
  const lo = lowerRank === undefined || lowerRank > h.count ? h.count : lowerRank;
  const hi = upperRank === undefined || upperRank > h.count ? h.count : upperRank;
  return (hi - lo) / h.count;
}

/** Neumaier-compensated running sum: [sum, compensation]. As in v2.53 an infinite term makes the
 * compensation NaN, so an infinite sum of observations gives a NaN variance, not +Inf. */
function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + (sum - t) + inc];
  return [t, c + (inc - t) + sum];
}

/** A bucket's representative value: its geometric mean (0 for the zero bucket), the arithmetic mean for
 * custom buckets. */
function bucketMidpoint(h: FloatHistogram, b: Bucket): number {
  if (usesCustomBuckets(h)) return (b.upper + b.lower) / 2;
  if (b.lower <= 0 && b.upper >= 0) return 0;
  const mid = Math.sqrt(b.upper * b.lower);
  return b.upper < 0 ? -mid : mid;
}

/** histogram_stdvar: observations taken at their bucket's midpoint, around the mean sum / count. */
export function histogramStdvar(h: FloatHistogram): number {
  const mean = h.sum / h.count;
  let variance = 0;
  let c = 0;
  for (const b of allBuckets(h)) {
    if (b.count === 0) continue;
    const delta = bucketMidpoint(h, b) - mean;
    [variance, c] = kahanInc(b.count * delta * delta, variance, c);
  }
  return (variance + c) / h.count;
}

export const histogramStddev = (h: FloatHistogram) => Math.sqrt(histogramStdvar(h));
