import { describe, expect, it } from "vitest";
import { HistogramError } from "./float-histogram";
import { expandHistogramSeries, parseHistogramLiteral } from "./literal";

describe("histogram literal", () => {
  it("reads every field of promqltest's notation", () => {
    const h = parseHistogramLiteral(
      "{{schema:1 count:12 sum:18.4 z_bucket:2 z_bucket_w:0.001 buckets:[1 2 0] offset:-1 n_buckets:[3] n_offset:2 counter_reset_hint:gauge}}",
    );
    expect(h).toEqual({
      counterResetHint: "gauge",
      schema: 1,
      zeroThreshold: 0.001,
      zeroCount: 2,
      count: 12,
      sum: 18.4,
      positiveSpans: [{ offset: -1, length: 3 }],
      positiveBuckets: [1, 2, 0],
      negativeSpans: [{ offset: 2, length: 1 }],
      negativeBuckets: [3],
      customValues: [],
    });
  });

  it("defaults to an empty schema 0 histogram and reads Inf and NaN", () => {
    expect(parseHistogramLiteral("{{}}")).toMatchObject({ schema: 0, count: 0, sum: 0, positiveSpans: [] });
    expect(parseHistogramLiteral("{{sum:Inf count:NaN}}")).toMatchObject({ sum: Infinity, count: NaN });
    expect(parseHistogramLiteral("{{schema:-53 custom_values:[1 5] buckets:[1 2 3]}}").customValues).toEqual([1, 5]);
  });

  it("refuses what it does not know", () => {
    expect(() => parseHistogramLiteral("{{shema:1}}")).toThrow(HistogramError);
    expect(() => parseHistogramLiteral("{{schema:1.5}}")).toThrow(HistogramError);
    expect(() => parseHistogramLiteral("{{count:x}}")).toThrow(HistogramError);
    expect(() => parseHistogramLiteral("{{counter_reset_hint:maybe}}")).toThrow(HistogramError);
    expect(() => parseHistogramLiteral("{{count:1 count:2}}")).toThrow(HistogramError);
  });
});

describe("histogram series", () => {
  it("repeats with xN and counts up with +", () => {
    const values = expandHistogramSeries(
      "{{schema:0 sum:4 count:4 buckets:[1 2 1]}}+{{sum:2 count:1 buckets:[1] offset:1}}x2",
    );
    expect(values).toHaveLength(3);
    const last = values[2] as Exclude<(typeof values)[number], null | "stale">;
    expect([last.count, last.sum, last.positiveBuckets]).toEqual([6, 8, [1, 4, 1]]);
    expect(expandHistogramSeries("{{count:1}}x3")).toHaveLength(4);
    expect(expandHistogramSeries("{{count:1}}")).toHaveLength(1);
  });

  it("counts down with -, and keeps blanks and stale markers in place", () => {
    const values = expandHistogramSeries("_ {{count:5 buckets:[5]}}-{{count:1 buckets:[1]}}x2 _x2 stale {{}}");
    expect(values.map((v) => (v === null || v === "stale" ? v : v.count))).toEqual([
      null,
      5,
      4,
      3,
      null,
      null,
      "stale",
      0,
    ]);
  });

  it("merges an increment of finer schema into the running histogram's, and refuses a coarser one", () => {
    const values = expandHistogramSeries(
      "{{schema:-1 sum:4 count:1 buckets:[1] offset:1}}+{{schema:0 sum:4 count:4 buckets:[2 2] offset:1}}x1",
    );
    expect(values[1]).toMatchObject({
      schema: -1,
      count: 5,
      positiveSpans: [{ offset: 1, length: 1 }],
      positiveBuckets: [5],
    });
    expect(() => expandHistogramSeries("{{schema:0 count:1}}+{{schema:-1 count:1}}x1")).toThrow(/cannot merge/);
  });

  it("refuses items it cannot read", () => {
    expect(() => expandHistogramSeries("{{count:1}}+{{count:1}}")).toThrow(HistogramError);
    expect(() => expandHistogramSeries("{{count:1}} 7")).toThrow(HistogramError);
  });
});
