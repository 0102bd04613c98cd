import { describe, expect, it } from "vitest";
import { seededRng } from "../random";
import { overlapDay, overlapRange, singleDay, splitByDay } from "./day-split";
import { DAY_MS, GENERATION_OVERLAP_MS } from "./generations";

const D = 20_000;
const at = (day: number, ms: number) => day * DAY_MS + ms;

describe("splitByDay", () => {
  it("sends a series inside one day, before its overlap, whole to that day", () => {
    expect(splitByDay([at(D, 0), at(D, 3_600_000)], D - 15)).toEqual({
      parts: [{ day: D, copy: false, indices: null }],
      tooOld: 0,
    });
  });

  it("copies the samples of a day's last two hours to the next day's generation", () => {
    const edge = DAY_MS - GENERATION_OVERLAP_MS;
    const ts = [at(D, edge - 1), at(D, edge), at(D, DAY_MS - 1), at(D + 1, 0)];
    expect(splitByDay(ts, D - 15)).toEqual({
      parts: [
        { day: D, copy: false, indices: [0, 1, 2] },
        { day: D + 1, copy: false, indices: [3] },
        { day: D + 1, copy: true, indices: [1, 2] },
      ],
      tooOld: 0,
    });
  });

  it("makes no copy for series whose generations keep their own running total", () => {
    expect(splitByDay([at(D, DAY_MS - 1)], D - 15, false).parts).toEqual([{ day: D, copy: false, indices: null }]);
  });

  it("refuses samples of days retention has dropped, and counts them", () => {
    const r = splitByDay([at(D - 16, DAY_MS - 1), at(D - 15, 0)], D - 15);
    expect(r.tooOld).toBe(1);
    expect(r.parts).toEqual([{ day: D - 15, copy: false, indices: [1] }]);
  });

  it("groups unordered samples by day, indices ascending", () => {
    const r = splitByDay([at(D + 1, 5), at(D, 5), at(D + 1, 6)], 0);
    expect(r.parts).toEqual([
      { day: D + 1, copy: false, indices: [0, 2] },
      { day: D, copy: false, indices: [1] },
    ]);
  });
});

describe("overlapRange", () => {
  const edge = DAY_MS - GENERATION_OVERLAP_MS;
  it("names the samples of the day's last two hours, and none of the next day's", () => {
    const ts = [at(D, 0), at(D, edge - 1), at(D, edge), at(D, DAY_MS - 1), at(D + 1, 0)];
    expect(overlapRange(D, ts)).toEqual([2, 4]);
  });
  it("is null before the overlap, for another day's samples and for the layout before generations", () => {
    expect(overlapRange(D, [at(D, 0), at(D, edge - 1)])).toBeNull();
    expect(overlapRange(D, [at(D + 1, 0)])).toBeNull();
    expect(overlapRange(D - 1, [at(D, edge)])).toBeNull();
    expect(overlapRange(null, [at(D, edge)])).toBeNull();
    expect(overlapRange(D, [])).toBeNull();
  });
});

describe("singleDay and overlapDay (the router's allocation-free paths)", () => {
  const edge = DAY_MS - GENERATION_OVERLAP_MS;
  // Times near the edges that matter: a day's start, its overlap's start, its end, and days retention dropped.
  const near = [0, 1, edge - 1, edge, edge + 1, DAY_MS - 1, 3_600_000];
  const rnd = seededRng(5);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];

  it("answer exactly when splitByDay sends every sample whole to one day (and its copy)", () => {
    for (let k = 0; k < 5000; k++) {
      const n = Math.floor(rnd() * 5);
      const ts = Array.from({ length: n }, () => at(D + pick([-16, -15, -1, 0, 0, 0, 1]), pick(near)));
      const overlap = rnd() < 0.8;
      const split = splitByDay(ts, D - 15, overlap);
      const one = singleDay(ts, D - 15, overlap);
      const whole = split.tooOld === 0 && split.parts.every((p) => p.indices === null);
      const alone = whole && split.parts.length === 1;
      expect(one, `${ts} overlap=${overlap}`).toBe(alone ? split.parts[0].day : null);
      const copied = overlap ? overlapDay(ts, D - 15) : null;
      const both =
        whole &&
        split.parts.length === 2 &&
        !split.parts[0].copy &&
        split.parts[1].copy &&
        split.parts[1].day === split.parts[0].day + 1;
      expect(copied, `${ts} overlap=${overlap}`).toBe(both ? split.parts[0].day : null);
    }
  });
});
