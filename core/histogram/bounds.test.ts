import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketBound, exponentialBound, targetIndex } from "./bounds";
import { CUSTOM_BUCKETS_SCHEMA } from "./float-histogram";

describe("exponential bucket bounds", () => {
  it("match Prometheus' table where it is not correctly rounded", () => {
    // Values of model/histogram's exponentialBounds (times two): sqrt(2) there is 1.414213562373095, one ulp
    // below Math.SQRT2, and error accumulates along the schema 2..8 rows.
    expect(exponentialBound(1, 1)).toBe(2 * 0.7071067811865475);
    expect(exponentialBound(1, 1)).not.toBe(Math.SQRT2);
    expect(exponentialBound(3, 2)).toBe(2 * 0.8408964152537144);
    expect(exponentialBound(7, 3)).toBe(2 * 0.9170040432046711);
    expect(exponentialBound(15, 4)).toBe(2 * 0.9576032806985735);
    expect(exponentialBound(63, 6)).toBe(2 * 0.9892280131939752);
    expect(exponentialBound(127, 7)).toBe(2 * 0.9945994234836328);
    expect(exponentialBound(1, 8)).toBe(2 * 0.5013556375251013);
  });

  it("are powers of two at schema 0 and below", () => {
    expect(exponentialBound(0, 0)).toBe(1);
    expect(exponentialBound(1, 0)).toBe(2);
    expect(exponentialBound(-1, 0)).toBe(0.5);
    expect(exponentialBound(1, -1)).toBe(4);
    expect(exponentialBound(-2, -4)).toBe(2 ** -32);
    expect(exponentialBound(3, 2)).toBeCloseTo(2 ** 0.75, 14);
  });

  it("end the last finite bucket at the largest double and the next one at +Inf", () => {
    expect(exponentialBound(1024, 0)).toBe(Number.MAX_VALUE);
    expect(exponentialBound(1025, 0)).toBe(Infinity);
    expect(exponentialBound(256, -2)).toBe(Number.MAX_VALUE);
    expect(exponentialBound(1024 * 256, 8)).toBe(Number.MAX_VALUE);
    expect(exponentialBound(1024 * 256 - 1, 8)).toBeLessThan(Number.MAX_VALUE);
    expect(exponentialBound(1024 * 256 + 1, 8)).toBe(Infinity);
  });

  it("rise strictly with the index and agree between schemas on shared bounds", () => {
    fc.assert(
      fc.property(fc.integer({ min: -4, max: 8 }), fc.double({ min: -1, max: 1, noNaN: true }), (schema, x) => {
        // Indexes whose bounds are normal doubles: exponents within ±1000.
        const i = Math.trunc(x * (schema >= 0 ? 1000 << schema : 1000 >> -schema));
        expect(exponentialBound(i + 1, schema)).toBeGreaterThan(exponentialBound(i, schema));
        if (schema > -4) expect(exponentialBound(2 * i, schema)).toBe(exponentialBound(i, schema - 1));
      }),
    );
  });

  it("map a bucket into the coarser bucket that contains it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -4, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -3000, max: 3000 }),
        (to, delta, i) => {
          const from = Math.min(8, to + delta);
          const j = targetIndex(i, from, to);
          expect(exponentialBound(j, to)).toBeGreaterThanOrEqual(exponentialBound(i, from));
          expect(exponentialBound(j - 1, to)).toBeLessThanOrEqual(exponentialBound(i - 1, from));
        },
      ),
    );
  });
});

describe("custom bucket bounds", () => {
  it("run from -Inf through the custom values to +Inf", () => {
    const values = [0.1, 1, 10];
    expect(bucketBound(-1, CUSTOM_BUCKETS_SCHEMA, values)).toBe(-Infinity);
    expect(bucketBound(0, CUSTOM_BUCKETS_SCHEMA, values)).toBe(0.1);
    expect(bucketBound(2, CUSTOM_BUCKETS_SCHEMA, values)).toBe(10);
    expect(bucketBound(3, CUSTOM_BUCKETS_SCHEMA, values)).toBe(Infinity);
    expect(() => bucketBound(4, CUSTOM_BUCKETS_SCHEMA, values)).toThrow(RangeError);
  });
});
