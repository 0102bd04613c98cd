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
