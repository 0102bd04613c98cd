import { describe, expect, it } from "vitest";
import { parseHistogramLiteral } from "./literal";
import { compactHistogram, histogramsEqual } from "./ops";
import { extrapolatedHistogramRate, type HistogramPoint, histogramIncrease, histogramRateWarnings } from "./rate";

const at = (t: number, text: string): HistogramPoint => ({ t, h: parseHistogramLiteral(text) });

describe("histogram increase", () => {
  it("is last minus first, as a gauge without empty buckets", () => {
    const inc = histogramIncrease(
      [at(0, "{{count:3 sum:3 buckets:[1 2]}}"), at(15_000, "{{count:5 sum:6 buckets:[1 4]}}")],
      true,
    );
    expect(inc.counterResetHint).toBe("gauge");
    expect(histogramsEqual(inc, parseHistogramLiteral("{{count:2 sum:3 buckets:[2] offset:1}}"))).toBe(true);
  });

  it("adds back the histogram before each counter reset", () => {
    const inc = histogramIncrease(
      [
        at(0, "{{count:4 sum:4 buckets:[4]}}"),
        at(1, "{{count:6 sum:6 buckets:[6]}}"),
        at(2, "{{count:1 sum:1 buckets:[1]}}"),
        at(3, "{{count:3 sum:3 buckets:[3]}}"),
      ],
      true,
    );
    // 2 before the reset, 1 + 2 after it.
    expect([inc.count, inc.sum, inc.positiveBuckets]).toEqual([5, 5, [5]]);
  });

  it("goes down for a gauge instead of seeing resets", () => {
    const inc = histogramIncrease([at(0, "{{count:4 buckets:[4]}}"), at(1, "{{count:1 buckets:[1]}}")], false);
    expect([inc.count, inc.positiveBuckets]).toEqual([-3, [-3]]);
  });

  it("works in the coarsest schema of the window, and reads a return to a finer schema as a reset", () => {
    const first = at(0, "{{schema:1 count:2 buckets:[1 1] offset:1}}");
    const coarse = at(1, "{{schema:0 count:3 buckets:[3] offset:1}}");
    const inc = histogramIncrease([first, coarse, at(2, "{{schema:0 count:5 buckets:[5] offset:1}}")], true);
    expect(inc.schema).toBe(0);
    expect([inc.count, inc.positiveBuckets]).toEqual([3, [3]]);
    // Only a restart raises the resolution: 3 before it, then 5.
    const back = histogramIncrease([first, coarse, at(2, "{{schema:1 count:5 buckets:[2 3] offset:1}}")], true);
    expect([back.schema, back.count, back.positiveBuckets]).toEqual([0, 6, [6]]);
  });
});

describe("extrapolated rate", () => {
  const points = [0, 1, 2, 3].map((i) =>
    at(60_000 + i * 15_000, `{{count:${10 + 3 * i} sum:${2 * i} buckets:[${10 + 3 * i}]}}`),
  );

  it("divides by the range when the samples cover it", () => {
    const r = extrapolatedHistogramRate(points, { startMs: 60_000, endMs: 105_000, isRate: true, isCounter: true })!;
    expect(
      histogramsEqual(
        r,
        compactHistogram(parseHistogramLiteral("{{count:0.2 sum:0.13333333333333333 buckets:[0.2]}}")),
      ),
    ).toBe(true);
  });

  it("extrapolates by half a sample interval at most towards an edge far from the samples", () => {
    // 45 s of samples 15 s apart, 60 s and 25 s from the window's edges: 7.5 s added on each side.
    const inc = extrapolatedHistogramRate(points, { startMs: 0, endMs: 130_000, isRate: false, isCounter: true })!;
    expect(inc.count).toBeCloseTo((9 * 60) / 45, 12);
    // Up to 110% of the interval away the extrapolation reaches the edge: 16.5 s, then 15 + 16 s.
    const near = extrapolatedHistogramRate(points, {
      startMs: 44_000,
      endMs: 121_000,
      isRate: false,
      isCounter: true,
    })!;
    expect(near.count).toBeCloseTo((9 * (45 + 16 + 16)) / 45, 12);
  });

  it("needs two samples", () => {
    expect(extrapolatedHistogramRate(points.slice(0, 1), { startMs: 0, endMs: 1, isRate: true, isCounter: true })).toBe(
      undefined,
    );
  });
});

describe("rate warnings", () => {
  const gauge = (t: number) => at(t, "{{count:1 counter_reset_hint:gauge}}");
  const counter = (t: number) => at(t, "{{count:1}}");

  it("flag a gauge among the inner samples of a rate, as v2.53 does", () => {
    expect(histogramRateWarnings([counter(0), gauge(1), counter(2)], true)).toEqual(["not_counter"]);
    expect(histogramRateWarnings([gauge(0), counter(1), gauge(2)], true)).toEqual([]);
  });

  it("flag a delta whose first or last sample is not a gauge", () => {
    expect(histogramRateWarnings([gauge(0), gauge(1)], false)).toEqual([]);
    expect(histogramRateWarnings([gauge(0), counter(1)], false)).toEqual(["not_gauge"]);
  });
});
