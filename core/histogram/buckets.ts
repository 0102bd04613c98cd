// Walking a histogram's buckets with their bounds, lowest first, the zero bucket between the negative and the
// positive ones, as Prometheus' AllBucketIterator does (reverse the list for its AllReverseBucketIterator).
import { bucketBound } from "./bounds";
import { type FloatHistogram, indexedBuckets, usesCustomBuckets } from "./float-histogram";

export interface Bucket {
  lower: number;
  upper: number;
  lowerInclusive: boolean;
  upperInclusive: boolean;
  count: number;
  /** Absolute bucket index (meaningless for the zero bucket). */
  index: number;
}

export function zeroBucket(h: FloatHistogram): Bucket {
  return {
    lower: -h.zeroThreshold,
    upper: h.zeroThreshold,
    lowerInclusive: true,
    upperInclusive: true,
    count: h.zeroCount,
    index: 0,
  };
}

/** Positive buckets ascending. Exponential: (lower, upper]; custom: the first one is [-Inf, c0]. */
export function positiveBuckets(h: FloatHistogram): Bucket[] {
  const custom = usesCustomBuckets(h);
  return indexedBuckets(h.positiveSpans, h.positiveBuckets).map(({ index, count }) => {
    const lower = bucketBound(index - 1, h.schema, h.customValues);
    const upper = bucketBound(index, h.schema, h.customValues);
    return {
      lower,
      upper,
      lowerInclusive: custom ? index === 0 : lower < 0,
      upperInclusive: custom ? true : upper > 0,
      count,
      index,
    };
  });
}

/** Negative buckets nearest to zero first: [lower, upper). */
export function negativeBuckets(h: FloatHistogram): Bucket[] {
  return indexedBuckets(h.negativeSpans, h.negativeBuckets).map(({ index, count }) => ({
    lower: -bucketBound(index, h.schema, h.customValues),
    upper: -bucketBound(index - 1, h.schema, h.customValues),
    lowerInclusive: true,
    upperInclusive: false,
    count,
    index,
  }));
}

/** Every bucket from the lowest to the highest; buckets overlapping the zero bucket are cut at its edge, and
 * the zero bucket is listed only when populated. */
export function allBuckets(h: FloatHistogram): Bucket[] {
  const out: Bucket[] = [];
  const negatives = negativeBuckets(h);
  for (let i = negatives.length - 1; i >= 0; i--) {
    const b = negatives[i];
    if (b.upper < 0 && b.upper > -h.zeroThreshold) b.upper = -h.zeroThreshold;
    out.push(b);
  }
  if (h.zeroCount > 0) out.push(zeroBucket(h));
  for (const b of positiveBuckets(h)) {
    if (b.lower > 0 && b.lower < h.zeroThreshold) b.lower = h.zeroThreshold;
    out.push(b);
  }
  return out;
}
