import { describe, expect, it } from "vitest";
import { addToHistogram, chooseStepUs, mergeHistograms, newHistogram } from "./histogram";

describe("log histogram", () => {
  it("buckets by time and level and merges", () => {
    const a = newHistogram(0, 60e6, 3);
    addToHistogram(a, 10e6, 17);
    addToHistogram(a, 70e6, 9);
    addToHistogram(a, 500e6, 9); // outside the window: ignored
    const b = newHistogram(0, 60e6, 3);
    addToHistogram(b, 130e6, 18, 4);
    const m = mergeHistograms(a, b);
    expect(m.counts.error).toEqual([1, 0, 4]);
    expect(m.counts.info).toEqual([0, 1, 0]);
  });
  it("chooses friendly steps", () => {
    expect(chooseStepUs(3600e6)).toBe(60e6);
    expect(chooseStepUs(86400e6)).toBe(1800e6);
  });
});
