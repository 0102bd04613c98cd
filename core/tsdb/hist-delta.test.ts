import { describe, expect, it } from "vitest";
import { emptyHistogram } from "../histogram/float-histogram";
import { addHistograms } from "../histogram/ops";
import { deltaHistogramsToCumulative } from "./hist-delta";

const exp = (k: number) =>
  emptyHistogram({
    schema: 1,
    count: 3 * k,
    sum: k,
    zeroCount: k,
    positiveSpans: [{ offset: 0, length: 2 }],
    positiveBuckets: [k, k],
  });
const custom = emptyHistogram({
  schema: -53,
  count: 1,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [1],
  customValues: [1],
});

describe("delta native histograms to cumulative", () => {
  it("adds each point to the series' last stored histogram and refuses points not newer than it", () => {
    const out = deltaHistogramsToCumulative({ t: 100, h: exp(2) }, [
      { t: 100, h: exp(9) },
      { t: 200, h: exp(1) },
      { t: 300, h: exp(3) },
      { t: 250, h: exp(5) },
    ]);
    expect(out.outOfOrder).toBe(2);
    expect(out.samples.map((s) => s.t)).toEqual([200, 300]);
    expect(out.samples[0].h).toEqual({ ...addHistograms(exp(2), exp(1)), counterResetHint: "not_reset" });
    expect(out.samples[1].h).toMatchObject({ count: 18, sum: 6, zeroCount: 6, positiveBuckets: [6, 6] });
  });

  it("starts a new series at its first point, and starts over (a reset) when buckets cannot be added", () => {
    const out = deltaHistogramsToCumulative(null, [
      { t: 1, h: exp(1) },
      { t: 2, h: custom },
    ]);
    expect(out.samples[0].h).toEqual({ ...exp(1), counterResetHint: "unknown" });
    expect(out.samples[1].h).toEqual({ ...custom, counterResetHint: "reset" });
  });
});
