import { describe, expect, it } from "vitest";
import { binomial, makeRng } from "./rng.mjs";

const meanOf = (draws: number, f: () => number) => {
  let s = 0;
  for (let i = 0; i < draws; i++) s += f();
  return s / draws;
};

describe("binomial draws", () => {
  it("are unbiased where successes are rare (a 15 s step of payment-gateway's 0.65 % errors)", () => {
    const rand = makeRng(11);
    for (const [n, p] of [
      [80, 0.0065],
      [310, 0.0065],
      [60, 0.05],
      [2000, 0.002],
    ] as const) {
      const m = meanOf(200_000, () => binomial(rand, n, p));
      expect(Math.abs(m - n * p) / (n * p), `n=${n} p=${p}: mean ${m} vs ${n * p}`).toBeLessThan(0.02);
    }
  });

  it("are unbiased for common outcomes and large counts, and stay within 0..n", () => {
    const rand = makeRng(12);
    for (const [n, p] of [
      [40, 0.227],
      [5000, 0.227],
      [70, 0.97],
      [1, 0.5],
    ] as const) {
      let lo: number = n;
      let hi = 0;
      const m = meanOf(100_000, () => {
        const k = binomial(rand, n, p);
        lo = Math.min(lo, k);
        hi = Math.max(hi, k);
        return k;
      });
      expect(Math.abs(m - n * p) / (n * p), `n=${n} p=${p}: mean ${m}`).toBeLessThan(0.01);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(n);
    }
  });
});
