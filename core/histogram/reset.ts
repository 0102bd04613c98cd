// Counter reset between two consecutive samples of a counter histogram (Prometheus' DetectReset): any count
// going down, a populated bucket disappearing, or a layout change that only a restart can make.
import { bucketBound } from "./bounds";
import { type FloatHistogram, type IndexedCount, indexedBuckets, usesCustomBuckets } from "./float-histogram";
import { reduceIndexed } from "./ops";
import { zeroCountForLargerThreshold } from "./zero-bucket";

/** A side's buckets in `schema`, without those ending at or below `threshold` (already in the zero bucket). */
function sideAbove(h: FloatHistogram, positive: boolean, threshold: number, schema: number): IndexedCount[] {
  const entries = positive
    ? indexedBuckets(h.positiveSpans, h.positiveBuckets)
    : indexedBuckets(h.negativeSpans, h.negativeBuckets);
  return reduceIndexed(entries, h.schema, schema).filter(
    (e) => bucketBound(e.index, schema, h.customValues) > threshold,
  );
}

/** True if a populated bucket of `previous` is missing or smaller in `current`. */
function bucketsDropped(current: readonly IndexedCount[], previous: readonly IndexedCount[]): boolean {
  let i = 0;
  for (const prev of previous) {
    while (i < current.length && current[i].index < prev.index) i++;
    const cur = current[i];
    if (cur === undefined || cur.index > prev.index) {
      if (prev.count !== 0) return true;
    } else if (cur.count < prev.count) return true;
  }
  return false;
}

export function detectReset(current: FloatHistogram, previous: FloatHistogram): boolean {
  if (current.counterResetHint === "reset") return true;
  if (current.counterResetHint === "not_reset") return false;
  // "unknown" and "gauge" (a gauge given to rate is treated as a counter) are found out from the counts.
  if (current.count < previous.count) return true;
  if (usesCustomBuckets(current) !== usesCustomBuckets(previous)) return true;
  if (usesCustomBuckets(current)) {
    const same =
      current.customValues.length === previous.customValues.length &&
      current.customValues.every((v, i) => v === previous.customValues[i]);
    if (!same) return true;
  }
  if (current.schema > previous.schema) return true;
  if (current.zeroThreshold < previous.zeroThreshold) return true;
  const previousZero = zeroCountForLargerThreshold(previous, current.zeroThreshold);
  if (previousZero.threshold !== current.zeroThreshold) return true;
  if (current.zeroCount < previousZero.count) return true;
  const t = current.zeroThreshold;
  const s = current.schema;
  return (
    bucketsDropped(sideAbove(current, true, t, s), sideAbove(previous, true, t, s)) ||
    bucketsDropped(sideAbove(current, false, t, s), sideAbove(previous, false, t, s))
  );
}
