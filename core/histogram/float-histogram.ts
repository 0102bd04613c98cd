// The native histogram as PromQL sees it (Prometheus' model/histogram FloatHistogram): absolute float counts in
// sparse buckets laid out by spans. Values are treated as immutable: every operation returns a new histogram.

/** A run of `length` consecutive buckets, starting `offset` buckets after the previous span's end (the first
 * span's offset is the absolute index of its first bucket). */
export interface Span {
  offset: number;
  length: number;
}

/** What the producer said about a counter reset (remote_write's ResetHint). */
export type CounterResetHint = "unknown" | "reset" | "not_reset" | "gauge";

export interface FloatHistogram {
  counterResetHint: CounterResetHint;
  /** -4..8 exponential (bucket i of schema s ends at 2^(i * 2^-s)), or CUSTOM_BUCKETS_SCHEMA. */
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  count: number;
  sum: number;
  positiveSpans: Span[];
  positiveBuckets: number[];
  negativeSpans: Span[];
  negativeBuckets: number[];
  /** Upper bounds of the custom buckets (schema -53 only), ascending; the last bucket ends at +Inf. */
  customValues: number[];
}

export const CUSTOM_BUCKETS_SCHEMA = -53;
export const MIN_EXPONENTIAL_SCHEMA = -4;
export const MAX_EXPONENTIAL_SCHEMA = 8;

export class HistogramError extends Error {}

export const usesCustomBuckets = (h: FloatHistogram) => h.schema === CUSTOM_BUCKETS_SCHEMA;

export function isValidSchema(schema: number): boolean {
  return (
    schema === CUSTOM_BUCKETS_SCHEMA ||
    (Number.isInteger(schema) && schema >= MIN_EXPONENTIAL_SCHEMA && schema <= MAX_EXPONENTIAL_SCHEMA)
  );
}

export function emptyHistogram(init: Partial<FloatHistogram> = {}): FloatHistogram {
  return {
    counterResetHint: "unknown",
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positiveSpans: [],
    positiveBuckets: [],
    negativeSpans: [],
    negativeBuckets: [],
    customValues: [],
    ...init,
  };
}

export function copyHistogram(h: FloatHistogram): FloatHistogram {
  return {
    ...h,
    positiveSpans: h.positiveSpans.map((s) => ({ ...s })),
    positiveBuckets: [...h.positiveBuckets],
    negativeSpans: h.negativeSpans.map((s) => ({ ...s })),
    negativeBuckets: [...h.negativeBuckets],
    customValues: [...h.customValues],
  };
}

/** One bucket by its absolute index (the span layout resolved). */
export interface IndexedCount {
  index: number;
  count: number;
}

/** The buckets of one side with their absolute indexes, ascending. */
export function indexedBuckets(spans: readonly Span[], buckets: readonly number[]): IndexedCount[] {
  const out: IndexedCount[] = [];
  let index = 0;
  let b = 0;
  for (const span of spans) {
    index += span.offset;
    for (let j = 0; j < span.length; j++) out.push({ index: index++, count: buckets[b++] ?? 0 });
  }
  return out;
}

/** The span layout of ascending indexed buckets; gaps of at most `maxEmpty` empty buckets stay inside a span. */
export function spansOf(entries: readonly IndexedCount[], maxEmpty = 0): { spans: Span[]; buckets: number[] } {
  const spans: Span[] = [];
  const buckets: number[] = [];
  let next = 0; // index right after the last bucket placed
  for (const { index, count } of entries) {
    const gap = index - next;
    const last = spans[spans.length - 1];
    if (last && gap <= maxEmpty) {
      for (let i = 0; i < gap; i++) buckets.push(0);
      last.length += gap + 1;
    } else {
      spans.push({ offset: last ? gap : index, length: 1 });
    }
    buckets.push(count);
    next = index + 1;
  }
  return { spans, buckets };
}
