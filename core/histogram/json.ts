// A histogram sample as Prometheus' HTTP API renders it (util/jsonutil MarshalHistogram): count and sum as
// strings, then the populated buckets lowest first as [boundaryRule, lower, upper, count], where the rule is
// 0 (lower, upper], 1 [lower, upper), 2 (lower, upper) or 3 [lower, upper]. No "buckets" key when none is.
import { formatJsonValue } from "../promql/format-float";
import { allBuckets, type Bucket } from "./buckets";
import type { FloatHistogram } from "./float-histogram";

export type BoundaryRule = 0 | 1 | 2 | 3;
export type JsonBucket = [BoundaryRule, string, string, string];

export interface JsonHistogram {
  count: string;
  sum: string;
  buckets?: JsonBucket[];
}

export function boundaryRule(b: Bucket): BoundaryRule {
  if (b.lowerInclusive) return b.upperInclusive ? 3 : 1;
  return b.upperInclusive ? 0 : 2;
}

export function histogramToJson(h: FloatHistogram): JsonHistogram {
  const out: JsonHistogram = { count: formatJsonValue(h.count), sum: formatJsonValue(h.sum) };
  const buckets = allBuckets(h)
    .filter((b) => b.count !== 0)
    .map(
      (b): JsonBucket => [
        boundaryRule(b),
        formatJsonValue(b.lower),
        formatJsonValue(b.upper),
        formatJsonValue(b.count),
      ],
    );
  if (buckets.length > 0) out.buckets = buckets;
  return out;
}
