import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addToSketch, mergeSketch, newSketch, quantile } from "./sketch";

function exact(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))];
}

describe("sketch", () => {
  it("is empty-safe", () => expect(quantile(newSketch(), 0.5)).toBeNull());
  it("tracks quantiles within ~1% and merges like one sketch", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 299 }),
        (vals, cut) => {
          const a = newSketch();
          const b = newSketch();
          vals.forEach((v, i) => addToSketch(i < cut ? a : b, v));
          const m = mergeSketch(a, b);
          for (const q of [0, 0.5, 0.99, 1]) {
            const got = quantile(m, q)!;
            const want = exact(vals, q);
            expect(Math.abs(got - want) / want).toBeLessThanOrEqual(0.0201);
          }
        },
      ),
    );
  });
});
