import { describe, expect, it } from "vitest";
import { exponentialBound } from "./bounds";
import { CUSTOM_BUCKETS_SCHEMA, emptyHistogram, type FloatHistogram, HistogramError } from "./float-histogram";
import {
  addHistograms,
  compactHistogram,
  histogramsEqual,
  reduceResolution,
  scaleHistogram,
  subHistograms,
} from "./ops";
import { detectReset } from "./reset";

/** A histogram with one span per side (index of the first bucket, then the counts). */
function hist(init: Partial<FloatHistogram> & { pos?: [number, number[]]; neg?: [number, number[]] }): FloatHistogram {
  const { pos, neg, ...rest } = init;
  return emptyHistogram({
    ...rest,
    positiveSpans: pos ? [{ offset: pos[0], length: pos[1].length }] : [],
    positiveBuckets: pos ? pos[1] : [],
    negativeSpans: neg ? [{ offset: neg[0], length: neg[1].length }] : [],
    negativeBuckets: neg ? neg[1] : [],
  });
}

describe("add and sub", () => {
  it("express the result in the coarser schema", () => {
    // schema 1 buckets 1..4 end at sqrt2, 2, 2sqrt2, 4: at schema 0 they fall into buckets 1 (..2] and 2 (..4].
    const fine = hist({ schema: 1, count: 10, sum: 20, pos: [1, [1, 2, 3, 4]] });
    const coarse = hist({ schema: 0, count: 5, sum: 9, pos: [2, [5]] });
    const s = addHistograms(fine, coarse);
    expect(s.schema).toBe(0);
    expect(histogramsEqual(s, hist({ schema: 0, count: 15, sum: 29, pos: [1, [3, 12]] }))).toBe(true);
    expect(histogramsEqual(subHistograms(s, coarse), reduceResolution(fine, 0))).toBe(true);
  });

  it("widen the zero bucket to the larger threshold and count the swallowed buckets in it", () => {
    // Bucket -1 of schema 0 is (0.25, 0.5]: inside a zero bucket of width 0.5.
    const narrow = hist({ zeroThreshold: 0.001, zeroCount: 2, count: 6, pos: [-1, [3, 1]] });
    const wide = hist({ zeroThreshold: 0.5, zeroCount: 1, count: 1 });
    const s = addHistograms(narrow, wide);
    expect(s.zeroThreshold).toBe(0.5);
    expect(s.zeroCount).toBe(2 + 3 + 1);
    expect(
      histogramsEqual(compactHistogram(s), hist({ zeroThreshold: 0.5, zeroCount: 6, count: 7, pos: [0, [1]] })),
    ).toBe(true);
  });

  it("widen the threshold further when it would cut a populated bucket", () => {
    const h = hist({ zeroThreshold: 0.001, count: 3, pos: [-1, [3]] });
    const s = addHistograms(h, hist({ zeroThreshold: 0.4 }));
    expect(s.zeroThreshold).toBe(0.5);
    expect(s.zeroCount).toBe(3);
    expect(compactHistogram(s).positiveBuckets).toEqual([]);
  });

  it("combine custom buckets only with the same bounds", () => {
    const a = hist({ schema: CUSTOM_BUCKETS_SCHEMA, customValues: [1, 5], count: 3, pos: [0, [1, 2]] });
    const b = hist({ schema: CUSTOM_BUCKETS_SCHEMA, customValues: [1, 5], count: 4, pos: [1, [1, 3]] });
    const s = addHistograms(a, b);
    expect(s.positiveBuckets).toEqual([1, 3, 3]);
    expect(s.customValues).toEqual([1, 5]);
    expect(() => addHistograms(a, { ...b, customValues: [1, 6] })).toThrow(HistogramError);
    expect(() => addHistograms(a, hist({ count: 1, pos: [0, [1]] }))).toThrow(HistogramError);
    expect(() => reduceResolution(a, 0)).toThrow(HistogramError);
  });

  it("keep gauge and unknown hints the way Prometheus' Add does", () => {
    const of = (counterResetHint: FloatHistogram["counterResetHint"]) => hist({ counterResetHint });
    expect(addHistograms(of("gauge"), of("not_reset")).counterResetHint).toBe("gauge");
    expect(addHistograms(of("reset"), of("not_reset")).counterResetHint).toBe("unknown");
    expect(addHistograms(of("not_reset"), of("not_reset")).counterResetHint).toBe("not_reset");
    expect(subHistograms(of("reset"), of("gauge")).counterResetHint).toBe("reset");
  });
});

describe("scale, compact and equality", () => {
  it("scale every count and the sum", () => {
    const h = scaleHistogram(hist({ zeroCount: 1, count: 4, sum: 3, pos: [0, [1, 2]], neg: [1, [0]] }), 0.5);
    expect([h.zeroCount, h.count, h.sum, h.positiveBuckets, h.negativeBuckets]).toEqual([0.5, 2, 1.5, [0.5, 1], [0]]);
  });

  it("compact empty buckets out, keeping short runs inside a span when asked", () => {
    const h = hist({ count: 3, pos: [-2, [0, 1, 0, 0, 2, 0]] });
    expect(compactHistogram(h).positiveSpans).toEqual([
      { offset: -1, length: 1 },
      { offset: 2, length: 1 },
    ]);
    expect(compactHistogram(h, 2)).toMatchObject({
      positiveSpans: [{ offset: -1, length: 4 }],
      positiveBuckets: [1, 0, 0, 2],
    });
  });

  it("compare the layout, not how the spans are cut", () => {
    const one = hist({ count: 3, pos: [0, [1, 2]] });
    const cut = {
      ...one,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 0, length: 1 },
      ],
    };
    expect(histogramsEqual(one, cut)).toBe(true);
    expect(histogramsEqual(one, hist({ count: 3, pos: [0, [1, 2, 0]] }))).toBe(false);
    expect(histogramsEqual(hist({ sum: NaN }), hist({ sum: NaN }))).toBe(true);
    expect(histogramsEqual(hist({ sum: 0 }), hist({ sum: -0 }))).toBe(false);
  });
});

describe("counter reset detection", () => {
  const prev = hist({ schema: 1, zeroThreshold: 0.001, zeroCount: 1, count: 6, pos: [1, [2, 3]] });

  it("sees no reset when every count grew", () => {
    expect(detectReset(hist({ ...prev, zeroCount: 2, count: 8, pos: [1, [2, 4, 1]] }), prev)).toBe(false);
  });

  it("sees a reset when a bucket shrank or a populated one disappeared", () => {
    expect(detectReset(hist({ ...prev, count: 7, pos: [1, [1, 5]] }), prev)).toBe(true);
    expect(detectReset(hist({ ...prev, count: 7, pos: [2, [6]] }), prev)).toBe(true);
    expect(detectReset(hist({ ...prev, zeroCount: 0, count: 7, pos: [1, [3, 4]] }), prev)).toBe(true);
  });

  it("reads a coarser schema as merged buckets, a finer one or a narrower zero bucket as a reset", () => {
    // Buckets 1 and 2 of schema 1 are both in bucket 1 of schema 0.
    expect(detectReset(hist({ ...prev, schema: 0, count: 6, pos: [1, [5]] }), prev)).toBe(false);
    expect(detectReset(hist({ ...prev, schema: 0, count: 6, pos: [1, [4]] }), prev)).toBe(true);
    expect(detectReset(hist({ ...prev, schema: 2, count: 9, pos: [2, [2, 0, 3]] }), prev)).toBe(true);
    expect(detectReset(hist({ ...prev, zeroThreshold: 0.0001, count: 9 }), prev)).toBe(true);
  });

  it("moves buckets swallowed by a wider zero bucket into the previous zero count", () => {
    // Bucket 1 of schema 1 is (1, sqrt2]: a zero bucket up to that bound takes it (Prometheus' sqrt2 is one ulp
    // below Math.SQRT2, and a threshold of Math.SQRT2 would cut the populated bucket 2).
    const wider = hist({ schema: 1, zeroThreshold: exponentialBound(1, 1), count: 6, pos: [2, [3]] });
    expect(detectReset({ ...wider, zeroThreshold: Math.SQRT2, zeroCount: 3 }, prev)).toBe(true);
    expect(detectReset({ ...wider, zeroCount: 3 }, prev)).toBe(false);
    expect(detectReset({ ...wider, zeroCount: 2 }, prev)).toBe(true);
  });

  it("takes the producer's hint first", () => {
    expect(detectReset(hist({ ...prev, counterResetHint: "reset", count: 100 }), prev)).toBe(true);
    expect(detectReset(hist({ counterResetHint: "not_reset" }), prev)).toBe(false);
  });
});
