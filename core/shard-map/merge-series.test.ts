import { describe, expect, it } from "vitest";
import { isStaleNaN, staleNaNArray } from "../promql/stale";
import { distinctLabelSets, mergeSplitSeries } from "./merge-series";

const f = (xs: number[]) => Float64Array.from(xs);

describe("merging series split across shard objects", () => {
  it("merges parts with the same labels, in time order, a repeated timestamp once", () => {
    const out = mergeSplitSeries([
      { labels: { __name__: "x", a: "1" }, timestamps: f([3000, 4000]), values: f([3, 4]) },
      { labels: { __name__: "y" }, timestamps: f([1]), values: f([9]) },
      { labels: { a: "1", __name__: "x" }, timestamps: f([1000, 2000, 3000]), values: f([1, 2, 30]) },
    ]);
    expect(out).toHaveLength(2);
    const x = out.find((s) => s.labels.__name__ === "x")!;
    expect(Array.from(x.timestamps)).toEqual([1000, 2000, 3000, 4000]);
    // The first part's value wins on a repeated timestamp.
    expect(Array.from(x.values)).toEqual([1, 2, 3, 4]);
  });

  it("passes unsplit series through and keeps stale markers bit for bit", () => {
    const one = [{ labels: { a: "1" }, timestamps: f([1]), values: f([1]) }];
    expect(mergeSplitSeries(one)).toBe(one);
    const stale = staleNaNArray();
    const out = mergeSplitSeries([
      { labels: { a: "1" }, timestamps: f([2]), values: stale },
      { labels: { a: "1" }, timestamps: f([1]), values: f([1]) },
    ]);
    expect(isStaleNaN(out[0].values[1])).toBe(true);
  });

  it("lists each label set once, sorted", () => {
    expect(distinctLabelSets([{ b: "1" }, { a: "1" }, { b: "1" }])).toEqual([{ a: "1" }, { b: "1" }]);
  });
});
