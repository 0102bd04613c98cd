import { describe, expect, it } from "vitest";
import { acAtK, avgAtK, randomAcAtK } from "./rca-metrics";
import { nSigmaRank, robustRank } from "./baselines";
import type { GridWindow } from "./types";

describe("RCAEval metrics", () => {
  const cases = [
    { ranked: ["a", "b", "c"], truth: ["a"] },
    { ranked: ["b", "a", "c"], truth: ["a"] },
    { ranked: ["x", "a", "b"], truth: ["a", "b"] },
  ];
  it("computes AC@k with multiple root causes", () => {
    expect(acAtK(cases, 1)).toBeCloseTo((1 + 0 + 0) / 3);
    expect(acAtK(cases, 3)).toBeCloseTo((1 + 1 + 1) / 3);
    expect(acAtK(cases, 2)).toBeCloseTo((1 + 1 + 0.5) / 3);
  });
  it("averages AC@1..5", () => {
    const c = [{ ranked: ["x", "a"], truth: ["a"] }];
    expect(avgAtK(c, 5)).toBeCloseTo((0 + 1 + 1 + 1 + 1) / 5);
  });
  it("gives k/M for a random ranking", () => {
    expect(randomAcAtK([{ candidates: 20, truth: 1 }], 1)).toBeCloseTo(0.05);
    expect(randomAcAtK([{ candidates: 20, truth: 1 }], 3)).toBeCloseTo(0.15);
  });
});

describe("floor baselines", () => {
  const grid = (rows: number[][], labels: Record<string, string>[]): GridWindow => ({
    timestamps: rows[0].map((_, i) => i),
    series: labels.map((l, i) => ({ labels: l, values: rows[i] })),
  });
  const labels = [{ pod: "a" }, { pod: "b" }];
  const base = grid(
    [
      [1, 2, 1, 2],
      [1, 2, 1, 2],
    ],
    labels,
  );
  const win = grid(
    [
      [9, 9, 9, 9],
      [1, 2, 1, 2],
    ],
    labels,
  );
  it("rank the value that jumped first", () => {
    expect(nSigmaRank(win, base)[0]).toMatchObject({ label: "pod", value: "a" });
    expect(robustRank(win, base)[0]).toMatchObject({ label: "pod", value: "a" });
  });
});
