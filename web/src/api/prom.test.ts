import { describe, expect, it } from "vitest";
import { ApiRequestError, errorHint } from "./errors";
import { promRangeAnySchema, splitRange } from "./prom";

const h = (buckets: [number, string, string, string][]) => ({ count: "3", sum: "1.5", buckets });
const answer = (result: unknown) => ({ status: "success", data: { resultType: "matrix", result } });

describe("query_range answers with native histograms", () => {
  it("splits floats from histograms; a series holding both kinds is in both", () => {
    const parsed = promRangeAnySchema.parse(
      answer([
        { metric: { a: "floats" }, values: [[1, "2"]] },
        { metric: { a: "hist" }, histograms: [[1, h([[0, "0.5", "1", "3"]])]] },
        { metric: { a: "both" }, values: [[1, "2"]], histograms: [[2, h([[3, "-0.001", "0.001", "1"]])]] },
      ]),
    );
    const r = splitRange(parsed.data.result);
    expect(r.floats.map((s) => s.metric.a)).toEqual(["floats", "both"]);
    expect(r.histograms.map((s) => s.metric.a)).toEqual(["hist", "both"]);
    expect(r.histograms[0].points[0].buckets[0]).toEqual({ rule: 0, lower: 0.5, upper: 1, count: 3 });
  });
  it("a bad shape fails parsing at its exact place", () => {
    const bad = promRangeAnySchema.safeParse(
      answer([{ metric: {}, histograms: [[1, { count: "1", sum: "1", buckets: [[5, "0", "1", "1"]] }]] }]),
    );
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path.join(".")).toBe("data.result.0.histograms.0.1.buckets.0.0");
    const extra = promRangeAnySchema.safeParse(answer([{ metric: {}, histograms: [[1, { ...h([]), zero: 1 }]] }]));
    expect(extra.success).toBe(false);
  });
  it("a bucket that is not one is a contract error naming where it is", () => {
    const parsed = promRangeAnySchema.parse(answer([{ metric: {}, histograms: [[1, h([[0, "1", "NaN", "1"]])]] }]));
    expect(() => splitRange(parsed.data.result)).toThrow(
      /unexpected response from \/api\/v1\/query_range: histogram data\.result\.0\.histograms\.0\.buckets\.0/,
    );
    let caught: unknown = null;
    try {
      splitRange(parsed.data.result);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiRequestError);
    expect((caught as ApiRequestError).code).toBe("CONTRACT");
  });
  it("other charts name the histogram answer and point at the explorer", () => {
    expect(errorHint(new ApiRequestError("this query answers native histograms", 200, "HISTOGRAMS"))).toMatch(
      /Metrics explorer/,
    );
  });
});
