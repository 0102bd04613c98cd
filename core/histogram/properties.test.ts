// Properties of the histogram operations and functions on random histograms (integer counts, so every sum
// of counts is exact and the properties can demand exact equality).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exponentialBound } from "./bounds";
import { allBuckets, negativeBuckets, positiveBuckets } from "./buckets";
import { type FloatHistogram, indexedBuckets, spansOf } from "./float-histogram";
import { histogramFraction, histogramQuantile } from "./functions";
import { parseHistogramLiteral } from "./literal";
import {
  addHistograms,
  compactHistogram,
  divideHistogram,
  histogramsEqual,
  reduceResolution,
  scaleHistogram,
  subHistograms,
} from "./ops";
import { detectReset } from "./reset";

const side = fc
  .uniqueArray(fc.integer({ min: -40, max: 40 }), { maxLength: 12 })
  .chain((indexes) =>
    fc.tuple(
      fc.constant([...indexes].sort((a, b) => a - b)),
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: indexes.length, maxLength: indexes.length }),
    ),
  )
  .map(([indexes, counts]) => indexes.map((index, i) => ({ index, count: counts[i] })));

function arbitraryHistogram(opts: { schema?: number; zeroThreshold?: number } = {}): fc.Arbitrary<FloatHistogram> {
  return fc
    .record({
      schema: opts.schema === undefined ? fc.integer({ min: -4, max: 8 }) : fc.constant(opts.schema),
      zeroThreshold:
        opts.zeroThreshold === undefined ? fc.constantFrom(0, 1e-128, 0.001) : fc.constant(opts.zeroThreshold),
      zeroCount: fc.integer({ min: 0, max: 100 }),
      sum: fc.integer({ min: -10_000, max: 10_000 }),
      positive: side,
      negative: side,
    })
    .map(({ schema, zeroThreshold, zeroCount, sum, positive: p, negative: n }) => {
      // A valid histogram has no bucket inside its zero bucket.
      const outside = (e: { index: number }) => exponentialBound(e.index - 1, schema) >= zeroThreshold;
      const positive = spansOf(p.filter(outside));
      const negative = spansOf(n.filter(outside));
      const h: FloatHistogram = {
        counterResetHint: "unknown",
        schema,
        zeroThreshold,
        zeroCount,
        count: zeroCount + [...positive.buckets, ...negative.buckets].reduce((a, b) => a + b, 0),
        sum,
        positiveSpans: positive.spans,
        positiveBuckets: positive.buckets,
        negativeSpans: negative.spans,
        negativeBuckets: negative.buckets,
        customValues: [],
      };
      return h;
    });
}

/** Two histograms with the same schema and zero threshold. */
const samePair = fc
  .record({ schema: fc.integer({ min: -4, max: 8 }), zt: fc.constantFrom(0, 0.001) })
  .chain(({ schema, zt }) =>
    fc.tuple(arbitraryHistogram({ schema, zeroThreshold: zt }), arbitraryHistogram({ schema, zeroThreshold: zt })),
  );

/** q in [0, 1] spread evenly (fc.double favours values next to 0 and 1). */
const quantileArg = fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000);

const bucketTotal = (h: FloatHistogram) =>
  h.zeroCount + [...h.positiveBuckets, ...h.negativeBuckets].reduce((a, b) => a + b, 0);

describe("histogram operations", () => {
  it("add then sub gives the original back", () => {
    fc.assert(
      fc.property(samePair, ([a, b]) => {
        const back = subHistograms(addHistograms(a, b), b);
        expect(histogramsEqual(compactHistogram(back), compactHistogram(a))).toBe(true);
      }),
    );
  });

  it("add is commutative, also across schemas", () => {
    fc.assert(
      fc.property(arbitraryHistogram({ zeroThreshold: 0 }), arbitraryHistogram({ zeroThreshold: 0 }), (a, b) => {
        const ab = addHistograms(a, b);
        expect(ab.schema).toBe(Math.min(a.schema, b.schema));
        expect(histogramsEqual(compactHistogram(ab), compactHistogram(addHistograms(b, a)))).toBe(true);
        expect(ab.count).toBe(a.count + b.count);
        expect(bucketTotal(ab)).toBe(bucketTotal(a) + bucketTotal(b));
      }),
    );
  });

  it("add keeps every observation when the zero buckets differ: swallowed buckets move into the zero count", () => {
    fc.assert(
      fc.property(
        arbitraryHistogram({ schema: 0, zeroThreshold: 0 }),
        fc.constantFrom(1e-128, 0.001, 0.3, 2).chain((zt) => arbitraryHistogram({ schema: 0, zeroThreshold: zt })),
        (a, wide) => {
          const s = addHistograms(a, wide);
          expect(s.zeroThreshold).toBeGreaterThanOrEqual(wide.zeroThreshold);
          expect(bucketTotal(s)).toBe(bucketTotal(a) + bucketTotal(wide));
          for (const p of positiveBuckets(s).filter((x) => x.count !== 0))
            expect(p.lower).toBeGreaterThanOrEqual(s.zeroThreshold);
          for (const n of negativeBuckets(s).filter((x) => x.count !== 0))
            expect(n.upper).toBeLessThanOrEqual(-s.zeroThreshold);
        },
      ),
    );
  });

  it("reducing resolution keeps count, sum, every bucket total and the fractions at coarse bounds", () => {
    fc.assert(
      fc.property(
        arbitraryHistogram(),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: -20, max: 20 }),
        (h, d, i) => {
          const to = Math.max(-4, h.schema - d);
          const r = reduceResolution(h, to);
          expect(r.schema).toBe(to);
          expect([r.count, r.sum, r.zeroCount]).toEqual([h.count, h.sum, h.zeroCount]);
          expect(bucketTotal(r)).toBe(bucketTotal(h));
          const bound = exponentialBound(i, to);
          if (bound > h.zeroThreshold && h.count > 0)
            expect(histogramFraction(-Infinity, bound, r)).toBe(histogramFraction(-Infinity, bound, h));
        },
      ),
    );
  });

  it("scaling by a power of two and dividing by it gives the original back", () => {
    fc.assert(
      fc.property(arbitraryHistogram(), fc.integer({ min: -10, max: 10 }), (h, e) => {
        const f = 2 ** e;
        expect(histogramsEqual(divideHistogram(scaleHistogram(h, f), f), h)).toBe(true);
        expect(scaleHistogram(h, f).count).toBe(h.count * f);
      }),
    );
  });

  it("compacting drops only empty buckets", () => {
    fc.assert(
      fc.property(arbitraryHistogram(), fc.integer({ min: 0, max: 3 }), (h, maxEmpty) => {
        const c = compactHistogram(h, maxEmpty);
        const populated = (x: FloatHistogram) =>
          indexedBuckets(x.positiveSpans, x.positiveBuckets).filter((e) => e.count !== 0);
        expect(populated(c)).toEqual(populated(h));
        for (const s of c.positiveSpans.slice(1)) expect(s.offset).toBeGreaterThan(maxEmpty);
        if (maxEmpty === 0) expect(c.positiveBuckets.every((v) => v !== 0)).toBe(true);
      }),
    );
  });

  it("a counter that only grew is no reset; one that lost observations is", () => {
    fc.assert(
      fc.property(samePair, ([a, b]) => {
        const grown = addHistograms(a, b);
        expect(detectReset(grown, a)).toBe(false);
        if (b.count > 0) expect(detectReset(a, grown)).toBe(true);
      }),
    );
  });
});

describe("histogram functions", () => {
  it("histogram_quantile rises with q and stays within the populated buckets", () => {
    fc.assert(
      // Compacted: v2.53 stops at an empty bucket when the rank is 0 and answers NaN (0/0) there.
      fc.property(
        arbitraryHistogram().map((h) => compactHistogram(h)),
        quantileArg,
        quantileArg,
        (h, q1, q2) => {
          fc.pre(h.count > 0);
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const a = histogramQuantile(lo, h);
          const b = histogramQuantile(hi, h);
          expect(a).toBeLessThanOrEqual(b + Math.abs(b) * 1e-12);
          const populated = allBuckets(h).filter((x) => x.count > 0);
          expect(a).toBeGreaterThanOrEqual(Math.min(populated[0].lower, 0));
          expect(b).toBeLessThanOrEqual(Math.max(populated[populated.length - 1].upper, 0));
        },
      ),
    );
  });

  it("histogram_fraction over everything is 1 and splits add up", () => {
    fc.assert(
      fc.property(arbitraryHistogram(), fc.integer({ min: -1e6, max: 1e6 }), (h, x) => {
        fc.pre(h.count > 0);
        expect(histogramFraction(-Infinity, Infinity, h)).toBeCloseTo(1, 12);
        expect(histogramFraction(-Infinity, x, h) + histogramFraction(x, Infinity, h)).toBeCloseTo(1, 9);
      }),
    );
  });
});

describe("v2.53 quantile corner", () => {
  it("answers NaN for q = 0 when the lowest bucket is empty, as v2.53.5 does", () => {
    const h = parseHistogramLiteral("{{count:1 buckets:[1] n_buckets:[0] n_offset:3}}");
    expect(histogramQuantile(0, h)).toBeNaN();
    expect(histogramQuantile(0, compactHistogram(h))).toBe(0.5);
  });
});
