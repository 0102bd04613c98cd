// Arithmetic on native histograms with Prometheus' semantics: a sum or difference is expressed in the coarser
// of the two schemas and with the wider zero bucket; custom-bucket histograms combine only with the same bounds.
import { bucketBound, targetIndex } from "./bounds";
import {
  type CounterResetHint,
  copyHistogram,
  type FloatHistogram,
  HistogramError,
  type IndexedCount,
  indexedBuckets,
  spansOf,
  usesCustomBuckets,
} from "./float-histogram";
import { reconcileZeroBuckets } from "./zero-bucket";

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function checkCompatible(a: FloatHistogram, b: FloatHistogram): void {
  if (usesCustomBuckets(a) !== usesCustomBuckets(b))
    throw new HistogramError("cannot combine a custom-bucket histogram with an exponential one");
  if (usesCustomBuckets(a) && !sameValues(a.customValues, b.customValues))
    throw new HistogramError("cannot combine custom-bucket histograms with different bounds");
}

/** Buckets merged into the coarser schema; empty buckets are kept, as Prometheus' reduceResolution does. */
export function reduceIndexed(entries: readonly IndexedCount[], from: number, to: number): IndexedCount[] {
  if (from === to) return entries.map((e) => ({ ...e }));
  if (to > from) throw new HistogramError(`cannot raise resolution from schema ${from} to ${to}`);
  const out: IndexedCount[] = [];
  for (const { index, count } of entries) {
    const target = targetIndex(index, from, to);
    const last = out[out.length - 1];
    if (last && last.index === target) last.count += count;
    else out.push({ index: target, count });
  }
  return out;
}

/** The histogram in a coarser (or the same) schema: every bucket added into the one that contains it. */
export function reduceResolution(h: FloatHistogram, schema: number): FloatHistogram {
  if (schema === h.schema) return copyHistogram(h);
  if (usesCustomBuckets(h) || schema < -4) throw new HistogramError(`cannot reduce schema ${h.schema} to ${schema}`);
  const positive = spansOf(reduceIndexed(indexedBuckets(h.positiveSpans, h.positiveBuckets), h.schema, schema));
  const negative = spansOf(reduceIndexed(indexedBuckets(h.negativeSpans, h.negativeBuckets), h.schema, schema));
  return {
    ...copyHistogram(h),
    schema,
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
  };
}

function mergeIndexed(a: readonly IndexedCount[], b: readonly IndexedCount[], sign: 1 | -1): IndexedCount[] {
  const out: IndexedCount[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].index < b[j].index)) out.push({ ...a[i++] });
    else if (i >= a.length || b[j].index < a[i].index) out.push({ index: b[j].index, count: sign * b[j++].count });
    else out.push({ index: a[i].index, count: a[i++].count + sign * b[j++].count });
  }
  return out;
}

/** The hint of a sum (Prometheus' FloatHistogram.Add): gauge wins, then unknown; reset vs not_reset is unknown. */
function combinedHint(a: CounterResetHint, b: CounterResetHint): CounterResetHint {
  if (a === b) return a;
  if (a === "gauge" || b === "gauge") return "gauge";
  return "unknown";
}

function combine(a: FloatHistogram, b: FloatHistogram, sign: 1 | -1): FloatHistogram {
  checkCompatible(a, b);
  const zero = reconcileZeroBuckets(a, b);
  const schema = Math.min(a.schema, b.schema);
  // Buckets that now lie inside the widened zero bucket are counted there.
  const outsideZero = (h: FloatHistogram, e: IndexedCount) =>
    zero.threshold === h.zeroThreshold || bucketBound(e.index - 1, h.schema, h.customValues) >= zero.threshold;
  const side = (h: FloatHistogram, positive: boolean) =>
    reduceIndexed(
      indexedBuckets(
        positive ? h.positiveSpans : h.negativeSpans,
        positive ? h.positiveBuckets : h.negativeBuckets,
      ).filter((e) => outsideZero(h, e)),
      h.schema,
      schema,
    );
  const positive = spansOf(mergeIndexed(side(a, true), side(b, true), sign));
  const negative = spansOf(mergeIndexed(side(a, false), side(b, false), sign));
  return {
    counterResetHint: sign === 1 ? combinedHint(a.counterResetHint, b.counterResetHint) : a.counterResetHint,
    schema,
    zeroThreshold: zero.threshold,
    zeroCount: zero.aCount + sign * zero.bCount,
    count: a.count + sign * b.count,
    sum: a.sum + sign * b.sum,
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
    customValues: [...a.customValues],
  };
}

export const addHistograms = (a: FloatHistogram, b: FloatHistogram) => combine(a, b, 1);
export const subHistograms = (a: FloatHistogram, b: FloatHistogram) => combine(a, b, -1);

function mapCounts(h: FloatHistogram, f: (v: number) => number): FloatHistogram {
  return {
    ...copyHistogram(h),
    zeroCount: f(h.zeroCount),
    count: f(h.count),
    sum: f(h.sum),
    positiveBuckets: h.positiveBuckets.map(f),
    negativeBuckets: h.negativeBuckets.map(f),
  };
}

export const scaleHistogram = (h: FloatHistogram, factor: number) => mapCounts(h, (v) => v * factor);
export const divideHistogram = (h: FloatHistogram, divisor: number) => mapCounts(h, (v) => v / divisor);

/** Empty buckets dropped; runs of at most `maxEmpty` empty buckets between populated ones stay in one span. */
export function compactHistogram(h: FloatHistogram, maxEmpty = 0): FloatHistogram {
  const compactSide = (spans: FloatHistogram["positiveSpans"], buckets: number[]) =>
    spansOf(
      indexedBuckets(spans, buckets).filter((e) => e.count !== 0),
      maxEmpty,
    );
  const positive = compactSide(h.positiveSpans, h.positiveBuckets);
  const negative = compactSide(h.negativeSpans, h.negativeBuckets);
  return {
    ...copyHistogram(h),
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
  };
}

function sameBuckets(a: readonly IndexedCount[], b: readonly IndexedCount[]): boolean {
  return a.length === b.length && a.every((e, i) => e.index === b[i].index && Object.is(e.count, b[i].count));
}

/** Exact equality of the histograms' values and bucket layout (empty buckets count; the span cut does not).
 * Counts compare bit for bit as Prometheus' Equals does (NaN equals NaN, 0 differs from -0); the counter
 * reset hint is not compared. */
export function histogramsEqual(a: FloatHistogram, b: FloatHistogram): boolean {
  return (
    a.schema === b.schema &&
    a.zeroThreshold === b.zeroThreshold &&
    Object.is(a.zeroCount, b.zeroCount) &&
    Object.is(a.count, b.count) &&
    Object.is(a.sum, b.sum) &&
    sameValues(a.customValues, b.customValues) &&
    sameBuckets(
      indexedBuckets(a.positiveSpans, a.positiveBuckets),
      indexedBuckets(b.positiveSpans, b.positiveBuckets),
    ) &&
    sameBuckets(indexedBuckets(a.negativeSpans, a.negativeBuckets), indexedBuckets(b.negativeSpans, b.negativeBuckets))
  );
}
