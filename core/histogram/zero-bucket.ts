// Widening a zero bucket: buckets it swallows add to its count; a populated bucket it would only half cover
// widens it further, to that bucket's edge (Prometheus' zeroCountForLargerThreshold).
import { negativeBuckets, positiveBuckets } from "./buckets";
import type { FloatHistogram } from "./float-histogram";

export function zeroCountForLargerThreshold(h: FloatHistogram, larger: number): { count: number; threshold: number } {
  if (larger === h.zeroThreshold) return { count: h.zeroCount, threshold: larger };
  if (larger < h.zeroThreshold) throw new RangeError(`zero threshold ${larger} below ${h.zeroThreshold}`);
  const positives = positiveBuckets(h);
  const negatives = negativeBuckets(h);
  let threshold = larger;
  for (;;) {
    let count = h.zeroCount;
    let widened = false;
    for (const b of positives) {
      if (b.lower >= threshold) break;
      count += b.count;
      if (b.upper > threshold) {
        if (b.count !== 0) (threshold = b.upper), (widened = true);
        break;
      }
    }
    for (const b of negatives) {
      if (b.upper <= -threshold) break;
      count += b.count;
      if (b.lower < -threshold) {
        if (b.count !== 0) (threshold = -b.lower), (widened = true);
        break;
      }
    }
    if (!widened) return { count, threshold };
  }
}

/** The zero threshold two histograms share once reconciled, and each one's zero count at it. */
export function reconcileZeroBuckets(
  a: FloatHistogram,
  b: FloatHistogram,
): { threshold: number; aCount: number; bCount: number } {
  if (a.zeroThreshold === b.zeroThreshold)
    return { threshold: a.zeroThreshold, aCount: a.zeroCount, bCount: b.zeroCount };
  let threshold = Math.max(a.zeroThreshold, b.zeroThreshold);
  for (;;) {
    const left = zeroCountForLargerThreshold(a, threshold);
    const right = zeroCountForLargerThreshold(b, left.threshold);
    if (right.threshold === left.threshold)
      return { threshold: left.threshold, aCount: left.count, bCount: right.count };
    threshold = right.threshold;
  }
}
