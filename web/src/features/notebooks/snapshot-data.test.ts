import { describe, expect, it } from "vitest";
import { histogramMatrixSeriesSchema } from "../../../../core/contracts/prometheus";
import { emptyHistogram } from "../../../../core/histogram/float-histogram";
import { histogramToJson } from "../../../../core/histogram/json";
import { toHistSeries } from "../../charts/heatmap";
import { readSnapshot, snapshotData, toWireSeries } from "./snapshot-data";

// As /api/v1/query_range writes them (the server's own JSON writer): exponential with zero and negative buckets,
// and custom bounds with an infinite one.
const expo = emptyHistogram({
  schema: 0,
  zeroThreshold: 0.001,
  zeroCount: 2,
  count: 12,
  sum: 20,
  positiveSpans: [{ offset: 0, length: 3 }],
  positiveBuckets: [1, 4, 3],
  negativeSpans: [{ offset: 1, length: 1 }],
  negativeBuckets: [2],
});
const custom = emptyHistogram({
  schema: -53,
  customValues: [0.1, 0.5, 1],
  count: 10,
  sum: 4,
  positiveSpans: [{ offset: 0, length: 4 }],
  positiveBuckets: [1, 5, 0, 4],
});
const wire = histogramMatrixSeriesSchema.parse(
  JSON.parse(
    JSON.stringify({
      metric: { __name__: "lat_seconds", pod: "p0" },
      histograms: [
        [100, histogramToJson(expo)],
        [115, histogramToJson(custom)],
      ],
    }),
  ),
);
const win = { start: 100_000, end: 200_000, step: 15 };

describe("snapshot chart data", () => {
  it("stores histograms in the API's JSON form and reads back the same buckets, infinite bounds included", () => {
    const h = toHistSeries(wire);
    expect(toWireSeries(h)).toEqual(wire);
    const floats = [{ metric: { job: "api" }, values: [[100, "1"]] as [number, string][] }];
    const data = JSON.parse(JSON.stringify(snapshotData(floats, [h], win)));
    const back = readSnapshot(data);
    expect(back).toEqual({ series: floats, histograms: [h], ...win });
    expect(back.histograms[0]!.points[1]!.buckets.at(-1)).toEqual({ rule: 0, lower: 1, upper: Infinity, count: 4 });
  });

  it("keeps the old shapes: no histograms key without histograms, a bare series array", () => {
    expect(snapshotData([], [], win)).toEqual({ series: [], ...win });
    const floats = [{ metric: {}, values: [[1, "2"]] as [number, string][] }];
    expect(readSnapshot(floats)).toEqual({ series: floats, histograms: [] });
    expect(readSnapshot(null)).toEqual({ series: [], histograms: [] });
  });

  it("names the place of broken stored histograms and still gives the floats", () => {
    const floats = [{ metric: {}, values: [[1, "2"]] as [number, string][] }];
    const shape = readSnapshot({ series: floats, histograms: [{ metric: {}, histograms: [[1, { count: "3" }]] }] });
    expect(shape.series).toEqual(floats);
    expect(shape.histograms).toEqual([]);
    expect(shape.problem).toMatch(/^stored histograms unreadable at histograms\.0\.histograms\.0\.1\.sum/);
    const upside = readSnapshot({
      histograms: [{ metric: {}, histograms: [[1, { count: "1", sum: "1", buckets: [[0, "2", "1", "1"]] }]] }],
    });
    expect(upside.problem).toBe("histogram histograms.0.histograms.0.buckets.0 is not a bucket: [0, 2, 1, 1]");
  });
});

describe("snapshot chart data over a cell's budget", () => {
  // 241 steps of 15 s, two series of 30 buckets each: well over a small budget.
  const step = 15;
  const start = 1_700_000_000_000;
  const big = [0, 1].map((pod) => ({
    metric: { pod: `p${pod}` },
    points: Array.from({ length: 241 }, (_, i) => ({
      t: start / 1000 + i * step,
      count: 30,
      sum: 3,
      buckets: Array.from({ length: 30 }, (_, j) => ({
        rule: 0 as const,
        lower: 2 ** j,
        upper: 2 ** (j + 1),
        count: 1,
      })),
    })),
  }));
  const win = { start, end: start + 240 * step * 1000, step };

  it("keeps every k-th step on the query grid, the smallest k that fits, and says so", () => {
    const full = JSON.stringify(snapshotData([], big, win, Number.POSITIVE_INFINITY)).length;
    const budget = Math.floor(full / 3.5);
    const data = snapshotData([], big, win, budget);
    expect(new TextEncoder().encode(JSON.stringify(data)).length).toBeLessThanOrEqual(budget);
    const k = data.histogramStep! / step;
    expect(k).toBeGreaterThanOrEqual(4);
    const times = data.histograms!.map((s) => s.histograms!.map(([t]) => t));
    expect(times[0]).toEqual(times[1]);
    for (const t of times[0]!) expect((t - start / 1000) % (k * step)).toBe(0);
    expect(times[0]!.length).toBe(Math.floor(240 / k) + 1);
    const back = readSnapshot(JSON.parse(JSON.stringify(data)));
    expect(back.histogramStep).toBe(k * step);
    expect(back.histograms[0]!.points[1]!.t - back.histograms[0]!.points[0]!.t).toBe(k * step);
    // Everything fits as is: no thinning and no histogramStep.
    expect(snapshotData([], big, win, full + 10)).not.toHaveProperty("histogramStep");
  });
});
