// Cases native_histograms.test (v2.53.5) does not reach: NaN observations and custom buckets.
import { describe, expect, it } from "vitest";
import { histogramFraction, histogramQuantile, histogramStdvar } from "./functions";
import { parseHistogramLiteral } from "./literal";

describe("histogram_quantile", () => {
  it("walks from below when NaN observations make the buckets fall short of the count", () => {
    // 4 observations in buckets, a fifth NaN one: from above the rank would be placed wrongly.
    const h = parseHistogramLiteral("{{count:5 sum:NaN buckets:[2 2] offset:1}}");
    expect(histogramQuantile(0.6, h)).toBe(2 + 2 * ((3 - 2) / 2));
    // The rank is past every bucket: the upper bound of the highest one.
    expect(histogramQuantile(0.9, h)).toBe(4);
  });

  it("reads custom buckets like classic ones at the open ends", () => {
    const h = parseHistogramLiteral("{{schema:-53 custom_values:[1 5] count:10 sum:20 buckets:[2 6 2]}}");
    expect(histogramQuantile(0.1, h)).toBe(0.5); // [-Inf, 1] taken from 0
    expect(histogramQuantile(0.5, h)).toBe(1 + 4 * (3 / 6));
    expect(histogramQuantile(0.95, h)).toBe(5); // (5, +Inf]: its lower bound
    expect(histogramFraction(1, 5, h)).toBeCloseTo(0.6, 12);
  });
});

describe("histogram_stdvar", () => {
  it("takes custom buckets at their arithmetic middle", () => {
    const h = parseHistogramLiteral("{{schema:-53 custom_values:[2 4 6] count:2 sum:8 buckets:[1 1] offset:1}}");
    // Middles 3 and 5 around the mean 4.
    expect(histogramStdvar(h)).toBe(1);
  });

  it("takes exponential buckets at their geometric middle and the zero bucket at 0", () => {
    const h = parseHistogramLiteral("{{count:3 sum:3 z_bucket:1 z_bucket_w:0.5 buckets:[2] offset:2}}");
    const mid = Math.sqrt(2 * 4);
    expect(histogramStdvar(h)).toBeCloseTo((2 * (mid - 1) ** 2 + 1) / 3, 14);
  });
});
