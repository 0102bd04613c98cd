import { describe, expect, it } from "vitest";
import { allocateSample, mergeSamples, pickUniform, Reservoir, seededRng } from "./reservoir";

describe("reservoir sampling", () => {
  it("keeps k items and counts everything seen", () => {
    const r = new Reservoir<number>(10, seededRng(1));
    for (let i = 0; i < 1000; i++) r.offer(i);
    expect(r.items.length).toBe(10);
    expect(r.seen).toBe(1000);
    expect(new Set(r.items).size).toBe(10);
  });
  it("is roughly uniform", () => {
    const hits = new Array(10).fill(0);
    const rng = seededRng(7);
    for (let run = 0; run < 4000; run++) {
      const r = new Reservoir<number>(2, rng);
      for (let i = 0; i < 10; i++) r.offer(i);
      for (const x of r.items) hits[x]++;
    }
    for (const h of hits) expect(Math.abs(h - 800)).toBeLessThan(120);
  });
  it("merges parts in proportion to what each matched", () => {
    const rng = seededRng(3);
    let fromBig = 0;
    for (let run = 0; run < 500; run++) {
      const out = mergeSamples(
        [
          { items: Array(10).fill("big"), matched: 900 },
          { items: Array(10).fill("small"), matched: 100 },
        ],
        10,
        rng,
      );
      expect(out.length).toBe(10);
      fromBig += out.filter((x) => x === "big").length;
    }
    expect(fromBig / 5000).toBeGreaterThan(0.85);
    expect(fromBig / 5000).toBeLessThan(0.95);
  });
  it("returns everything when less than k matched", () => {
    expect(
      mergeSamples(
        [
          { items: [1, 2], matched: 2 },
          { items: [3], matched: 1 },
        ],
        10,
        seededRng(1),
      ).sort(),
    ).toEqual([1, 2, 3]);
  });
  it("allocates a sample across parts in proportion to what each matched, never more than a part holds", () => {
    const rng = seededRng(5);
    let first = 0;
    for (let run = 0; run < 400; run++) {
      const q = allocateSample([700, 200, 100, 0], 50, rng);
      expect(q.reduce((a, b) => a + b, 0)).toBe(50);
      expect(q[3]).toBe(0);
      first += q[0];
    }
    expect(first / (400 * 50)).toBeGreaterThan(0.67);
    expect(first / (400 * 50)).toBeLessThan(0.73);
    expect(allocateSample([3, 1, 2], 100, rng)).toEqual([3, 1, 2]);
  });
  it("picks a uniform subset", () => {
    const rng = seededRng(9);
    const hits = new Array(10).fill(0);
    for (let run = 0; run < 3000; run++) {
      const out = pickUniform([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3, rng);
      expect(new Set(out).size).toBe(3);
      for (const x of out) hits[x]++;
    }
    for (const h of hits) expect(Math.abs(h - 900)).toBeLessThan(120);
    expect(pickUniform([1, 2], 5, rng)).toEqual([1, 2]);
  });
});
