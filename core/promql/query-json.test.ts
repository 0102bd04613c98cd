// The engine's answers in the Prometheus HTTP API's JSON form when native histograms are among them: the shape
// Prometheus documents (`histogram` for a vector sample, `histograms` beside or instead of `values` for a
// series), checked against the API's wire contract.
import { describe, expect, it } from "vitest";
import { promQueryRangeWireSchema, promQueryWireSchema } from "../contracts/prometheus";
import { parseHistogramLiteral } from "../histogram/literal";
import { createEngine } from "./engine";
import { MemorySource } from "./memory-source";

const MIN = 60_000;
const h = parseHistogramLiteral("{{schema:0 count:4 sum:5 buckets:[1 2 1]}}");
const JSON_H = {
  count: "4",
  sum: "5",
  buckets: [
    [0, "0.5", "1", "1"],
    [0, "1", "2", "2"],
    [0, "2", "4", "1"],
  ],
};

function engine() {
  const src = new MemorySource();
  src.add({ __name__: "lat", job: "a" }, [0, MIN], [0, 0], [h, h]);
  // Floats at 0 and 1m, a histogram at 2m.
  src.add({ __name__: "mixed" }, [0, MIN, 2 * MIN], [1, 2, 0], [undefined, undefined, h]);
  src.add({ __name__: "up" }, [0, MIN], [1, 1]);
  return createEngine(src);
}

const success = (data: unknown) => ({ status: "success", data });

describe("query results with native histograms as JSON", () => {
  it("writes a histogram sample of an instant vector under `histogram`", async () => {
    const d = await engine().instantQuery("{__name__=~'lat|up'}", MIN);
    expect(d).toEqual({
      resultType: "vector",
      result: [
        { metric: { __name__: "lat", job: "a" }, histogram: [60, JSON_H] },
        { metric: { __name__: "up" }, value: [60, "1"] },
      ],
    });
    expect(promQueryWireSchema.safeParse(success(d)).success).toBe(true);
  });

  it("writes a range query's series with `values` and `histograms` apart, each only when not empty", async () => {
    const d = await engine().rangeQuery("{__name__=~'lat|mixed|up'}", 0, 2 * MIN, MIN);
    expect(d).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: { __name__: "lat", job: "a" },
          histograms: [
            [0, JSON_H],
            [60, JSON_H],
            [120, JSON_H],
          ],
        },
        {
          metric: { __name__: "mixed" },
          values: [
            [0, "1"],
            [60, "2"],
          ],
          histograms: [[120, JSON_H]],
        },
        {
          metric: { __name__: "up" },
          values: [
            [0, "1"],
            [60, "1"],
            [120, "1"],
          ],
        },
      ],
    });
    expect(promQueryRangeWireSchema.safeParse(success(d)).success).toBe(true);
    // The general (step by step) path writes the same form.
    const g = await engine().rangeQuery("mixed * 2", 0, 2 * MIN, MIN);
    expect(g.result).toEqual([
      {
        metric: {},
        values: [
          [0, "2"],
          [60, "4"],
        ],
        histograms: [
          [
            120,
            {
              ...JSON_H,
              count: "8",
              sum: "10",
              buckets: JSON_H.buckets.map((b) => [b[0], b[1], b[2], String(2 * Number(b[3]))]),
            },
          ],
        ],
      },
    ]);
  });

  it("writes a range vector's floats and histograms apart", async () => {
    const d = await engine().instantQuery("mixed[2m]", 2 * MIN);
    expect(d).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: { __name__: "mixed" },
          values: [
            [0, "1"],
            [60, "2"],
          ],
          histograms: [[120, JSON_H]],
        },
      ],
    });
    expect(promQueryWireSchema.safeParse(success(d)).success).toBe(true);
  });

  it("refuses a histogram whose count is not a string", () => {
    const bad = success({ resultType: "vector", result: [{ metric: {}, histogram: [0, { count: 4, sum: "5" }] }] });
    expect(promQueryWireSchema.safeParse(bad).success).toBe(false);
  });
});
