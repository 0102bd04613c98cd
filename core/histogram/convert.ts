// Native histograms as they arrive: remote_write's Histogram (integer counts delta-encoded bucket by bucket,
// or float counts as absolute values) and OTLP's ExponentialHistogramDataPoint (scale = schema, bucket k
// covering (base^k, base^(k+1)], so it is Prometheus' bucket k + 1).
import {
  type CounterResetHint,
  CUSTOM_BUCKETS_SCHEMA,
  type FloatHistogram,
  HistogramError,
  type IndexedCount,
  isValidSchema,
  MAX_EXPONENTIAL_SCHEMA,
  MIN_EXPONENTIAL_SCHEMA,
  type Span,
  spansOf,
} from "./float-histogram";

/** remote_write's ResetHint enum. */
const RESET_HINTS: readonly CounterResetHint[] = ["unknown", "reset", "not_reset", "gauge"];

/** The fields of a remote_write (1.0 and 2.0) Histogram message, decoded. Integer histograms carry `*Deltas`
 * and an integer count / zero count; float histograms carry `*Counts`. */
export interface WireHistogram {
  count: number;
  sum: number;
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  negativeSpans: Span[];
  negativeDeltas?: number[];
  negativeCounts?: number[];
  positiveSpans: Span[];
  positiveDeltas?: number[];
  positiveCounts?: number[];
  resetHint: number;
  customValues?: number[];
}

/** Absolute counts from the deltas (each bucket's count minus the previous bucket's, across spans). */
export function absoluteCounts(deltas: readonly number[]): number[] {
  let current = 0;
  return deltas.map((d) => (current += d));
}

function checkSide(spans: readonly Span[], buckets: readonly number[], side: string): void {
  const total = spans.reduce((n, s) => n + s.length, 0);
  if (total !== buckets.length) throw new HistogramError(`${side} spans need ${total} buckets, got ${buckets.length}`);
  spans.forEach((s, i) => {
    if (i > 0 && s.offset < 0) throw new HistogramError(`${side} span ${i} has a negative offset`);
  });
}

export function fromWireHistogram(w: WireHistogram): FloatHistogram {
  if (!isValidSchema(w.schema)) throw new HistogramError(`invalid histogram schema ${w.schema}`);
  const positiveBuckets = w.positiveCounts ?? absoluteCounts(w.positiveDeltas ?? []);
  const negativeBuckets = w.negativeCounts ?? absoluteCounts(w.negativeDeltas ?? []);
  checkSide(w.positiveSpans, positiveBuckets, "positive");
  checkSide(w.negativeSpans, negativeBuckets, "negative");
  const custom = w.schema === CUSTOM_BUCKETS_SCHEMA;
  if (custom && (negativeBuckets.length > 0 || w.zeroCount !== 0 || w.zeroThreshold !== 0))
    throw new HistogramError("custom-bucket histograms have neither negative nor zero buckets");
  return {
    counterResetHint: RESET_HINTS[w.resetHint] ?? "unknown",
    schema: w.schema,
    zeroThreshold: w.zeroThreshold,
    zeroCount: w.zeroCount,
    count: w.count,
    sum: w.sum,
    positiveSpans: w.positiveSpans.map((s) => ({ ...s })),
    positiveBuckets,
    negativeSpans: w.negativeSpans.map((s) => ({ ...s })),
    negativeBuckets,
    customValues: custom ? [...(w.customValues ?? [])] : [],
  };
}

/** OTLP's ExponentialHistogramDataPoint, decoded (cumulative temporality). */
export interface OtlpExponentialPoint {
  scale: number;
  count: number;
  sum?: number;
  zeroCount: number;
  /** 0 when the producer did not set one. Prometheus (2.53 and still 3.x) ignores it: see fromOtlpExponential. */
  zeroThreshold: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
}

/** The zero threshold Prometheus gives every OTLP point (finer than any bucket a point can have). */
export const DEFAULT_OTLP_ZERO_THRESHOLD = 1e-128;

/** OTLP buckets as Prometheus buckets of a schema `scaleDown` steps coarser. */
function otlpBuckets(offset: number, counts: readonly number[], scaleDown: number): IndexedCount[] {
  const out: IndexedCount[] = [];
  counts.forEach((count, i) => {
    const index = ((offset + i) >> scaleDown) + 1;
    const last = out[out.length - 1];
    if (last && last.index === index) last.count += count;
    else out.push({ index, count });
  });
  return out;
}

/** An OTLP exponential histogram point as a FloatHistogram; scales above 8 are merged down to schema 8, scales
 * below -4 are refused (as Prometheus' OTLP receiver does). Like Prometheus the zero bucket gets the default
 * threshold whatever the point says, so results match it side by side; `useZeroThreshold` takes the point's
 * own (when set), which describes its zero count more truthfully. */
export function fromOtlpExponential(
  p: OtlpExponentialPoint,
  opts: { useZeroThreshold?: boolean } = {},
): FloatHistogram {
  if (!Number.isInteger(p.scale) || p.scale < MIN_EXPONENTIAL_SCHEMA)
    throw new HistogramError(`cannot convert exponential histogram: scale ${p.scale} is below -4`);
  const scaleDown = Math.max(0, p.scale - MAX_EXPONENTIAL_SCHEMA);
  // Gaps of up to two empty buckets stay inside a span, as client_golang lays them out.
  const positive = spansOf(
    otlpBuckets(p.positive.offset, p.positive.bucketCounts, scaleDown).filter((e) => e.count !== 0),
    2,
  );
  const negative = spansOf(
    otlpBuckets(p.negative.offset, p.negative.bucketCounts, scaleDown).filter((e) => e.count !== 0),
    2,
  );
  return {
    counterResetHint: "unknown",
    schema: p.scale - scaleDown,
    zeroThreshold: opts.useZeroThreshold && p.zeroThreshold > 0 ? p.zeroThreshold : DEFAULT_OTLP_ZERO_THRESHOLD,
    zeroCount: p.zeroCount,
    count: p.count,
    sum: p.sum ?? 0,
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
    customValues: [],
  };
}
