import { describe, expect, it } from "vitest";
import { positiveBuckets } from "./buckets";
import {
  absoluteCounts,
  DEFAULT_OTLP_ZERO_THRESHOLD,
  fromOtlpExponential,
  fromWireHistogram,
  type WireHistogram,
} from "./convert";
import { HistogramError } from "./float-histogram";

const wire = (w: Partial<WireHistogram>): WireHistogram => ({
  count: 0,
  sum: 0,
  schema: 0,
  zeroThreshold: 0,
  zeroCount: 0,
  negativeSpans: [],
  positiveSpans: [],
  resetHint: 0,
  ...w,
});

describe("remote_write histograms", () => {
  it("turn bucket deltas into absolute counts across spans", () => {
    expect(absoluteCounts([2, 1, -3, 4])).toEqual([2, 3, 0, 4]);
    const h = fromWireHistogram(
      wire({
        count: 9,
        sum: 12.5,
        schema: 1,
        zeroThreshold: 0.001,
        zeroCount: 1,
        positiveSpans: [
          { offset: 1, length: 2 },
          { offset: 2, length: 1 },
        ],
        positiveDeltas: [2, 1, -1],
        negativeSpans: [{ offset: 0, length: 1 }],
        negativeDeltas: [3],
        resetHint: 3,
      }),
    );
    expect(h).toMatchObject({
      schema: 1,
      count: 9,
      counterResetHint: "gauge",
      positiveBuckets: [2, 3, 2],
      negativeBuckets: [3],
    });
  });

  it("take float counts as they are", () => {
    const h = fromWireHistogram(
      wire({ count: 1.5, positiveSpans: [{ offset: 0, length: 2 }], positiveCounts: [0.5, 1] }),
    );
    expect(h.positiveBuckets).toEqual([0.5, 1]);
  });

  it("refuse bad layouts and schemas", () => {
    expect(() => fromWireHistogram(wire({ positiveSpans: [{ offset: 0, length: 2 }], positiveDeltas: [1] }))).toThrow(
      HistogramError,
    );
    expect(() =>
      fromWireHistogram(
        wire({
          positiveSpans: [
            { offset: 0, length: 1 },
            { offset: -1, length: 1 },
          ],
          positiveDeltas: [1, 0],
        }),
      ),
    ).toThrow(/negative offset/);
    expect(() => fromWireHistogram(wire({ schema: 9 }))).toThrow(HistogramError);
    expect(() => fromWireHistogram(wire({ schema: -5 }))).toThrow(HistogramError);
    expect(() =>
      fromWireHistogram(
        wire({ schema: -53, customValues: [1], negativeSpans: [{ offset: 0, length: 1 }], negativeDeltas: [1] }),
      ),
    ).toThrow(HistogramError);
  });

  it("keep custom bounds for schema -53", () => {
    const h = fromWireHistogram(
      wire({
        schema: -53,
        customValues: [0.5, 1],
        count: 3,
        positiveSpans: [{ offset: 0, length: 3 }],
        positiveDeltas: [1, 0, 0],
      }),
    );
    expect(positiveBuckets(h).map((b) => [b.lower, b.upper, b.count])).toEqual([
      [-Infinity, 0.5, 1],
      [0.5, 1, 1],
      [1, Infinity, 1],
    ]);
  });
});

describe("OTLP exponential histograms", () => {
  const point = (scale: number, offset: number, bucketCounts: number[]) => ({
    scale,
    count: bucketCounts.reduce((a, b) => a + b, 0),
    sum: 10,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: { offset, bucketCounts },
    negative: { offset: 0, bucketCounts: [] },
  });

  it("shift OTLP's bucket k (base^k, base^(k+1)] to Prometheus' bucket k + 1, with Prometheus' zero threshold", () => {
    const h = fromOtlpExponential(point(0, -3, [1, 2]));
    expect(positiveBuckets(h).map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0.125, 0.25, 1],
      [0.25, 0.5, 2],
    ]);
    expect(h.zeroThreshold).toBe(DEFAULT_OTLP_ZERO_THRESHOLD);
    const withThreshold = { ...point(0, 0, [1]), zeroThreshold: 0.01 };
    expect(fromOtlpExponential(withThreshold).zeroThreshold).toBe(DEFAULT_OTLP_ZERO_THRESHOLD);
    expect(fromOtlpExponential(withThreshold, { useZeroThreshold: true }).zeroThreshold).toBe(0.01);
  });

  it("merge scales above 8 down to schema 8", () => {
    // Scale 10: four OTLP buckets make one schema 8 bucket; offset 0..7 cover (1, 2^(8/1024)].
    const h = fromOtlpExponential(point(10, 0, [1, 1, 1, 1, 2, 0, 0, 3]));
    expect(h.schema).toBe(8);
    expect(positiveBuckets(h).map((b) => [b.index, b.count])).toEqual([
      [1, 4],
      [2, 5],
    ]);
    expect(positiveBuckets(h)[1].upper).toBe(2 ** (2 / 256));
  });

  it("cut spans at gaps of more than two empty buckets", () => {
    expect(fromOtlpExponential(point(0, 0, [1, 0, 0, 1])).positiveSpans).toEqual([{ offset: 1, length: 4 }]);
    expect(fromOtlpExponential(point(0, 0, [1, 0, 0, 0, 1])).positiveSpans).toEqual([
      { offset: 1, length: 1 },
      { offset: 3, length: 1 },
    ]);
  });

  it("refuse scales below -4", () => {
    expect(() => fromOtlpExponential(point(-5, 0, [1]))).toThrow(/scale -5/);
  });
});
