import { describe, expect, it } from "vitest";
import { liveSteps, MAX_CATCH_UP_MS, MAX_STEP_MS } from "./clock.mjs";

const covered = (steps: { from: number; to: number }[]) => steps.reduce((s, x) => s + (x.to - x.from), 0);

describe("live steps", () => {
  it("makes up the whole hand-over from the backfill, in steps the model can take", () => {
    // The backfill's last step ended 27 s ago (provisioning ran since): all 27 s get traffic, none is lost.
    const { steps, skippedMs } = liveSteps(1_000_000, 1_027_000);
    expect(skippedMs).toBe(0);
    expect(covered(steps)).toBe(27_000);
    expect(steps.map((s) => s.to - s.from)).toEqual([10_000, 10_000, 7_000]);
    for (let i = 1; i < steps.length; i++) expect(steps[i].from).toBe(steps[i - 1].to);
    expect(steps.every((s) => s.to - s.from <= MAX_STEP_MS)).toBe(true);
  });

  it("is one step for an ordinary tick, nothing when the clock has not moved", () => {
    expect(liveSteps(5000, 6000)).toEqual({ steps: [{ from: 5000, to: 6000 }], skippedMs: 0 });
    expect(liveSteps(6000, 6000)).toEqual({ steps: [], skippedMs: 0 });
  });

  it("skips, and says how much, past the longest gap it makes up", () => {
    const gap = MAX_CATCH_UP_MS + 60 * 60_000;
    const { steps, skippedMs } = liveSteps(0, gap);
    expect(skippedMs).toBe(60 * 60_000);
    expect(covered(steps)).toBe(MAX_CATCH_UP_MS);
    expect(steps.at(-1)!.to).toBe(gap);
  });
});
