import { describe, expect, it } from "vitest";
import { describeGroupBy, makeGroupBy } from "./group-by";

describe("group-by form helpers", () => {
  it("splits on commas and spaces and drops empties", () => {
    expect(makeGroupBy(" team, environment  region,")).toEqual(["team", "environment", "region"]);
    expect(makeGroupBy("  ")).toEqual([]);
  });
  it("says when grouping is off", () => {
    expect(describeGroupBy(["team", "region"])).toBe("team, region");
    expect(describeGroupBy([])).toMatch(/^off/);
  });
});
