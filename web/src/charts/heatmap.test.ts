import { describe, expect, it } from "vitest";
import { emptyHistogram, type FloatHistogram } from "../../../core/histogram/float-histogram";
import { histogramToJson } from "../../../core/histogram/json";
import { histogramMatrixSeriesSchema } from "../../../core/contracts/prometheus";
import {
  bucketRange,
  cellAt,
  cellsOf,
  colorAt,
  boundUnit,
  formatBound,
  legendTicks,
  logTicks,
  looksExponential,
  makeLayout,
  parsePromFloat,
  scaleOf,
  thinTicks,
  toHistSeries,
  valueName,
  type HistBucket,
} from "./heatmap";

/** A series as /api/v1/query_range writes it, built by the server's own JSON writer. */
function wire(points: [number, FloatHistogram][]) {
  return histogramMatrixSeriesSchema.parse(
    JSON.parse(
      JSON.stringify({ metric: { __name__: "x" }, histograms: points.map(([t, h]) => [t, histogramToJson(h)]) }),
    ),
  );
}

// Schema 0: bucket i is (2^(i-1), 2^i].
const expo = emptyHistogram({
  schema: 0,
  zeroThreshold: 0.001,
  zeroCount: 2,
  count: 12,
  sum: 20,
  positiveSpans: [{ offset: 0, length: 3 }], // (0.5,1] (1,2] (2,4]
  positiveBuckets: [1, 4, 3],
  negativeSpans: [{ offset: 1, length: 1 }], // [-2,-1)
  negativeBuckets: [2],
});
// Custom bounds 0.1, 0.5, 1: (-Inf,0.1] (0.1,0.5] (0.5,1] (1,+Inf].
const custom = emptyHistogram({
  schema: -53,
  customValues: [0.1, 0.5, 1],
  count: 10,
  sum: 4,
  positiveSpans: [{ offset: 0, length: 4 }],
  positiveBuckets: [1, 5, 0, 4],
});

const b = (lower: number, upper: number, rule: HistBucket["rule"] = 0, count = 1): HistBucket => ({
  rule,
  lower,
  upper,
  count,
});

describe("histogram JSON to numbers", () => {
  it("reads Prometheus' float spellings", () => {
    expect(parsePromFloat("+Inf")).toBe(Infinity);
    expect(parsePromFloat("-Inf")).toBe(-Infinity);
    expect(parsePromFloat("NaN")).toBeNaN();
    expect(parsePromFloat("1e-05")).toBe(1e-5);
    expect(parsePromFloat(" 1")).toBeNaN();
    expect(parsePromFloat("")).toBeNaN();
  });
  it("reads the server's own answer, zero and negative buckets included", () => {
    const s = toHistSeries(wire([[100, expo]]));
    expect(s.points[0].count).toBe(12);
    expect(s.points[0].buckets).toEqual([
      { rule: 1, lower: -2, upper: -1, count: 2 },
      { rule: 3, lower: -0.001, upper: 0.001, count: 2 },
      { rule: 0, lower: 0.5, upper: 1, count: 1 },
      { rule: 0, lower: 1, upper: 2, count: 4 },
      { rule: 0, lower: 2, upper: 4, count: 3 },
    ]);
  });
  it("names a broken bucket instead of drawing it", () => {
    const bad = { metric: {}, histograms: [[1, { count: "1", sum: "1", buckets: [[0, "2", "1", "1"]] }]] } as const;
    expect(() => toHistSeries(histogramMatrixSeriesSchema.parse(bad))).toThrow(/histograms\.0\.buckets\.0/);
    const nan = { metric: {}, histograms: [[1, { count: "1", sum: "1", buckets: [[0, "x", "1", "1"]] }]] } as const;
    expect(() => toHistSeries(histogramMatrixSeriesSchema.parse(nan))).toThrow(/not a bucket/);
  });
});

describe("cells", () => {
  it("one per populated bucket, a step wide around the sample; a missing step stays a gap", () => {
    const s = toHistSeries(
      wire([
        [100, expo],
        [160, expo],
        [280, expo], // 220 missing
      ]),
    );
    const cells = cellsOf(s.points, 60);
    expect(cells).toHaveLength(15);
    expect(cells.filter((c) => c.t === 160).map((c) => [c.x0, c.x1])[0]).toEqual([130, 190]);
    const layout = makeLayout(cells);
    const [lo, hi] = layout.rows({ rule: 0, lower: 1, upper: 2, count: 4 });
    const mid = (lo + hi) / 2;
    expect(cellAt(cells, layout, 160, mid)?.bucket.count).toBe(4);
    expect(cellAt(cells, layout, 220, mid)).toBeNull();
    expect(cellAt(cells, layout, 250, mid)?.t).toBe(280);
  });
  it("infers the step from the samples when none is given", () => {
    const s = toHistSeries(
      wire([
        [100, expo],
        [130, expo],
      ]),
    );
    expect(cellsOf(s.points).map((c) => c.x1 - c.x0)[0]).toBe(30);
  });
  it("leaves out buckets with nothing in them", () => {
    const s = toHistSeries(wire([[1, custom]]));
    expect(s.points[0].buckets.map((x) => bucketRange(x))).toEqual(["[-Inf, 0.1]", "(0.1, 0.5]", "(1, +Inf]"]);
  });
});

describe("y layout", () => {
  it("exponential buckets on a log scale, zero bucket in its own band, negatives mirrored below", () => {
    const cells = cellsOf(toHistSeries(wire([[1, expo]])).points, 60);
    const layout = makeLayout(cells);
    expect(layout.kind).toBe("log");
    const row = (lower: number, upper: number, rule: HistBucket["rule"] = 0) => layout.rows(b(lower, upper, rule));
    // Each positive bucket of schema 0 is log10(2) high.
    const [a0, a1] = row(0.5, 1);
    const [b0, b1] = row(1, 2);
    const [c0, c1] = row(2, 4);
    expect(a1 - a0).toBeCloseTo(Math.log10(2), 12);
    expect(b1 - b0).toBeCloseTo(Math.log10(2), 12);
    expect([a1, b1]).toEqual([b0, c0]);
    expect(c1).toBeCloseTo(layout.total, 12);
    const [z0, z1] = row(-0.001, 0.001, 3);
    expect(z1).toBeCloseTo(a0, 12);
    expect(z1 - z0).toBeCloseTo(1 / 3, 12); // log10(8) + log10(2) decades shown: the band's minimum
    const [n0, n1] = row(-2, -1, 1);
    expect(n0).toBe(0); // the most negative bound lowest
    expect(n1).toBeCloseTo(z0, 12);
    // Few buckets: their own bounds are the ticks.
    expect(layout.ticks.map((t) => t.value)).toEqual([-2, -1, 0, 0.5, 1, 2, 4]);
  });
  it("a band between the two sides even with no zero bucket", () => {
    const layout = makeLayout(cellsOf([{ t: 1, count: 2, sum: 0, buckets: [b(-1, -0.5, 1), b(0.5, 1)] }], 1));
    expect(layout.rows(b(0.5, 1))[0] - layout.rows(b(-1, -0.5, 1))[1]).toBeGreaterThan(0.3);
  });
  it("many buckets: ticks at decades", () => {
    const fine = Array.from({ length: 40 }, (_, i) => b(2 ** (i / 4), 2 ** ((i + 1) / 4)));
    const layout = makeLayout(cellsOf([{ t: 1, count: 40, sum: 0, buckets: fine }], 1));
    expect(layout.ticks.map((t) => t.value)).toEqual([1, 10, 100, 1000]);
  });
  it("positives only start at the lowest bucket", () => {
    const layout = makeLayout(cellsOf([{ t: 1, count: 2, sum: 0, buckets: [b(0.25, 0.5), b(1, 2)] }], 1));
    expect(layout.rows(b(0.25, 0.5))[0]).toBe(0);
    expect(layout.total).toBeCloseTo(Math.log10(8), 12);
  });
  it("custom bounds are ordinal: one row per bound, infinite ones included", () => {
    const cells = cellsOf(toHistSeries(wire([[1, custom]])).points, 60);
    const layout = makeLayout(cells);
    expect(layout.kind).toBe("ordinal");
    expect(layout.ticks.map((t) => t.value)).toEqual([-Infinity, 0.1, 0.5, 1, Infinity]);
    expect(layout.rows(b(-Infinity, 0.1, 3))).toEqual([0, 1]);
    expect(layout.rows(b(1, Infinity))).toEqual([3, 4]);
    expect(layout.total).toBe(4);
  });
  it("tells exponential bounds from custom ones", () => {
    expect(looksExponential([b(0.5, 1), b(2 ** (1 / 8), 2 ** (2 / 8)), b(-0, 0, 3)])).toBe(true);
    expect(looksExponential([b(0.1, 0.3)])).toBe(false);
    expect(looksExponential([b(1, Infinity)])).toBe(false);
    expect(looksExponential([b(0, 1)])).toBe(false); // touches zero without being the zero bucket
  });
  it("ticks: decades, and 2s and 5s when fewer than two decades show", () => {
    expect(logTicks(0.001, 100)).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
    expect(logTicks(0.3, 4)).toEqual([0.5, 1, 2]);
    expect(logTicks(1.1, 1.9)).toEqual([1.1, 1.9]);
    const t = thinTicks(
      [0, 0.1, 0.2, 1, 1.05, 2].map((u) => ({ u, value: u })),
      0.5,
    );
    expect(t.map((x) => x.u)).toEqual([0, 1, 2]);
  });
});

describe("colour", () => {
  it("square-root scale from the lowest palette colour to the highest", () => {
    expect(scaleOf(0, 10)).toBe(0);
    expect(scaleOf(-3, 10)).toBe(0);
    expect(scaleOf(2.5, 10)).toBe(0.5);
    expect(scaleOf(10, 10)).toBe(1);
    expect(colorAt(0)).toBe("rgb(68, 1, 84)");
    expect(colorAt(1)).toBe("rgb(253, 231, 37)");
    expect(legendTicks(8).map((t) => [t.value, t.at])).toEqual([
      [0, 0],
      [2, 0.5],
      [8, 1],
    ]);
  });
  it("names the value by the query", () => {
    expect(valueName("rate(x[5m])")).toBe("per-second rate per bucket");
    expect(valueName("sum(increase(x[1h]))")).toBe("increase per bucket");
    expect(valueName("x")).toBe("observations per bucket");
  });
});

describe("bound labels", () => {
  it("seconds in readable units, infinities by name, others compact", () => {
    expect(formatBound(0.25, "s")).toBe("250 ms");
    expect(formatBound(2, "s")).toBe("2 s");
    expect(formatBound(2 ** -20, "s")).toBe("954 ns");
    expect(formatBound(0.0001, "s")).toBe("100 µs");
    expect(formatBound(Infinity, "s")).toBe("+Inf");
    expect(formatBound(-Infinity)).toBe("-Inf");
    expect(formatBound(0, "s")).toBe("0");
    expect(formatBound(1500)).toBe("1.5k");
    expect(formatBound(0.5)).toBe("0.5");
    expect(formatBound(1e-5)).toBe("1.0e-5");
    expect(boundUnit("rate(http_request_duration_seconds[5m])")).toBe("s");
    expect(boundUnit("rate(x[5m])", { __name__: "request_size_bytes" })).toBe("");
  });
});
