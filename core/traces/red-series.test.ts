import { describe, expect, it } from "vitest";
import { foldRedSeries, planBuckets } from "./red-series";
import { addSpans, newAcc, type StatsGroup } from "./span-stats";

const group = (kind: string, n: number, errors: number, durUs: number): StatsGroup => {
  const acc = newAcc();
  addSpans(acc, durUs, n, errors, 0);
  return { key: [kind], acc };
};

describe("planBuckets", () => {
  it("aligns buckets to a nice step and clips them to the window", () => {
    const p = planBuckets({ startMs: 90_000, endMs: 3_690_000 }, 60);
    expect(p.stepMs).toBe(120_000);
    expect(p.buckets[0]).toEqual({ startMs: 90_000, endMs: 120_000 });
    expect(p.buckets.at(-1)!.endMs).toBe(3_690_000);
    expect(p.buckets.length).toBeLessThanOrEqual(60);
    for (let i = 1; i < p.buckets.length; i++) expect(p.buckets[i].startMs).toBe(p.buckets[i - 1].endMs);
  });

  it("never exceeds the bucket budget, even for long windows", () => {
    for (const [span, max] of [
      [7 * 86_400_000, 10],
      [60_000, 2],
      [400 * 86_400_000, 30],
    ] as const) {
      expect(planBuckets({ startMs: 1_000, endMs: 1_000 + span }, max).buckets.length).toBeLessThanOrEqual(max);
    }
  });
});

describe("foldRedSeries", () => {
  const plan = {
    stepMs: 60_000,
    buckets: [
      { startMs: 0, endMs: 60_000 },
      { startMs: 60_000, endMs: 120_000 },
      { startMs: 120_000, endMs: 150_000 },
    ],
  };

  it("counts served spans per second across shards, with error % and p99", () => {
    const s = foldRedSeries(plan, [
      [[group("2", 60, 0, 100_000), group("1", 500, 50, 10)], [group("2", 60, 6, 100_000)]],
      [[group("2", 120, 60, 4_100_000)], []],
      [[], []],
    ]);
    expect(s.basis).toBe("server");
    expect(s.requestsPerSec).toEqual([2, 2, 0]);
    expect(s.errorsPerSec).toEqual([0.1, 1, 0]);
    expect(s.errorPct).toEqual([5, 50, null]);
    expect(s.p99Ms[0]).toBeCloseTo(100, -1);
    expect(s.p99Ms[1]).toBeGreaterThan(4000);
    expect(s.p99Ms[2]).toBeNull();
    expect(s.t).toEqual([0, 60_000, 120_000]);
    expect(s.spans).toBe(240);
  });

  it("falls back to every span when the service serves nothing (a batch job)", () => {
    const s = foldRedSeries(plan, [[[group("1", 30, 3, 1000)]], [], []]);
    expect(s.basis).toBe("all");
    expect(s.requestsPerSec[0]).toBe(0.5);
    expect(s.errorPct[0]).toBe(10);
  });

  it("uses the clipped length of a partial bucket for rates", () => {
    const s = foldRedSeries(plan, [[], [], [[group("5", 30, 0, 1000)]]]);
    expect(s.requestsPerSec[2]).toBe(1);
  });
});
