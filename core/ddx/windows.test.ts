import { describe, expect, it } from "vitest";
import { rateRangeFor, resolveBaseline, stepFor, validateWindows, WindowError } from "./windows";

const H = 3_600_000;
const w = { start: 10 * H, end: 10 * H + 15 * 60_000 };

describe("DDx windows", () => {
  it("resolves the baseline modes", () => {
    expect(resolveBaseline(w, { mode: "previous" })).toEqual({ start: 9 * H, end: 10 * H });
    expect(resolveBaseline({ start: 10 * H, end: 12 * H }, { mode: "previous" })).toEqual({
      start: 8 * H,
      end: 10 * H,
    });
    expect(resolveBaseline(w, { mode: "1h" })).toEqual({ start: w.start - H, end: w.end - H });
    expect(resolveBaseline(w, { mode: "1d" })).toEqual({ start: w.start - 24 * H, end: w.end - 24 * H });
    expect(resolveBaseline(w, { mode: "explicit", start: 1, end: 2 })).toEqual({ start: 1, end: 2 });
  });

  it("rejects inverted, empty and too long ranges with a message naming the side", () => {
    expect(() => validateWindows({ start: 2, end: 1 }, w)).toThrow(/window is inverted/);
    expect(() => validateWindows({ start: 1, end: 1 }, w)).toThrow(/window is empty/);
    expect(() => validateWindows({ start: 0, end: 25 * H }, w)).toThrow(/limit/);
    expect(() => validateWindows(w, { start: 0, end: 8 * 24 * H })).toThrow(/baseline/);
    expect(() => validateWindows(w, { start: 0, end: 8 * 24 * H })).toThrow(WindowError);
  });

  it("keeps grids at most 240 points and steps at least 15 s", () => {
    expect(stepFor(w)).toBe(15_000);
    expect((24 * H) / stepFor({ start: 0, end: 24 * H })).toBeLessThanOrEqual(240);
    expect(rateRangeFor(15_000)).toBe(60_000);
    expect(rateRangeFor(300_000)).toBe(600_000);
  });
});
