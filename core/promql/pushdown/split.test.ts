import { describe, expect, it } from "vitest";
import { concatParts, cutSteps, firstAccepted } from "./split";

describe("cutSteps", () => {
  it("puts steps before a point in one group and steps at or after it in the next", () => {
    // Steps 0, 10, ..., 100; a point on a step (30) and one between steps (65).
    expect(cutSteps(0, 100, 10, [65, 30])).toEqual([
      { start: 0, end: 20 },
      { start: 30, end: 60 },
      { start: 70, end: 100 },
    ]);
  });

  it("ignores points outside (start, end], duplicates, and points that leave a group without a step", () => {
    expect(cutSteps(0, 100, 10, [0, -5, 101, 30, 30, 31, 35])).toEqual([
      { start: 0, end: 20 },
      { start: 30, end: 30 },
      { start: 40, end: 100 },
    ]);
    // A point at the last step makes a group of one; no points, one group ending at the grid's last step.
    expect(cutSteps(0, 100, 10, [100])).toEqual([
      { start: 0, end: 90 },
      { start: 100, end: 100 },
    ]);
    expect(cutSteps(5, 100, 10, [])).toEqual([{ start: 5, end: 95 }]);
  });
});

describe("firstAccepted", () => {
  it("finds the first accepted step of a monotone answer in few questions", async () => {
    const asked: number[] = [];
    const t = await firstAccepted({ start: 0, end: 1000 }, 10, async (x) => {
      asked.push(x);
      return x >= 370;
    });
    expect(t).toBe(370);
    expect(asked[0]).toBe(0);
    expect(asked.length).toBeLessThanOrEqual(9);
  });

  it("answers the group's start when it is accepted whole, and past its end when no step is", async () => {
    let asked = 0;
    expect(await firstAccepted({ start: 20, end: 90 }, 10, async () => (asked++, true))).toBe(20);
    expect(asked).toBe(1);
    expect(await firstAccepted({ start: 20, end: 90 }, 10, async () => false)).toBe(100);
    expect(await firstAccepted({ start: 20, end: 90 }, 10, async (x) => x >= 90)).toBe(90);
  });
});

describe("concatParts", () => {
  it("joins series by label set in part order, keeping series present in some parts only", () => {
    const a = { labels: { x: "a" }, ts: [0, 10], vs: [1, 2] };
    const b = { labels: { x: "b" }, ts: [30], vs: [5] };
    const a2 = { labels: { x: "a" }, ts: [20, 30], vs: [3, 4] };
    const c = { labels: { x: "c" }, ts: [0], vs: [9] };
    expect(concatParts([[a, c], [b], [a2]])).toEqual([
      { labels: { x: "a" }, ts: [0, 10, 20, 30], vs: [1, 2, 3, 4] },
      { labels: { x: "b" }, ts: [30], vs: [5] },
      { labels: { x: "c" }, ts: [0], vs: [9] },
    ]);
  });

  it("keeps histogram points index-aligned when only a later part has them", () => {
    const h = { count: 1 } as never;
    const out = concatParts([[{ labels: {}, ts: [0, 10], vs: [1, 2] }], [{ labels: {}, ts: [20], vs: [0], hs: [h] }]]);
    expect(out[0].ts).toEqual([0, 10, 20]);
    expect(out[0].hs).toHaveLength(3);
    expect(out[0].hs?.[0]).toBeUndefined();
    expect(out[0].hs?.[2]).toBe(h);
  });
});
