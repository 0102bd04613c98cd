import { describe, expect, it } from "vitest";
import { ACTIVATION_LEAD_MS, type Epoch, nextEpoch } from "./epochs";
import {
  activateGenerations,
  DAY_MS,
  dayOfUs,
  dayStartsIn,
  GENERATION_OVERLAP_MS,
  generationDays,
  generationExpired,
  generationHolding,
  generationsFrom,
  inNextOverlap,
  LEGACY_TAIL_MS,
  legacyMayHold,
  oldestLiveDay,
  readCounts,
} from "./generations";

const NOW = 20_000 * DAY_MS + 3_600_000; // 01:00 UTC on day 20000
const us = (ms: number) => ms * 1000;

describe("generations", () => {
  it("puts a time in its UTC day, midnight starting the next", () => {
    expect(dayOfUs(us(20_000 * DAY_MS - 1))).toBe(19_999);
    expect(dayOfUs(us(20_000 * DAY_MS))).toBe(20_000);
  });

  it("drops a day once all of it is older than retention", () => {
    expect(generationExpired(19_984, 15, NOW)).toBe(true);
    expect(generationExpired(19_985, 15, NOW)).toBe(false);
    expect(oldestLiveDay(15, NOW)).toBe(19_985);
    expect(generationExpired(19_985, 15, 20_001 * DAY_MS)).toBe(true);
  });

  it("reads the days a window overlaps, within retention and the future grace", () => {
    expect(generationDays(us(NOW - 2 * 3_600_000), us(NOW), NOW, 15, 600_000)).toEqual([19_999, 20_000]);
    expect(generationDays(us(NOW - 3_600_000), us(NOW - 1), NOW, 15, 600_000)).toEqual([20_000]);
    // A window ending exactly at midnight does not read the next day.
    expect(generationDays(us(19_999 * DAY_MS), us(20_000 * DAY_MS), NOW, 15, 600_000)).toEqual([19_999]);
    // A year-long window reads only the live days, up to the newest a write can reach.
    const year = generationDays(0, us(NOW + 365 * DAY_MS), NOW, 15, 600_000);
    expect(year[0]).toBe(19_985);
    expect(year.at(-1)).toBe(20_000);
    expect(generationDays(0, us(NOW + 365 * DAY_MS), 20_001 * DAY_MS - 60_000, 15, 600_000).at(-1)).toBe(20_001);
    expect(generationDays(us(NOW - 40 * DAY_MS), us(NOW - 30 * DAY_MS), NOW, 15, 600_000)).toEqual([]);
  });
});

describe("turning generations on", () => {
  const e0: Epoch = { epoch: 0, shards: 4, activeFrom: 0, envShards: 4, source: "env" };

  it("appends a daily epoch with the same count after the lead time, once", () => {
    const on = activateGenerations([e0], 1_000_000)!;
    expect(on).toEqual({
      epoch: 1,
      shards: 4,
      activeFrom: 1_000_000 + ACTIVATION_LEAD_MS,
      envShards: 4,
      source: "env",
      daily: true,
    });
    expect(activateGenerations([e0, on], 2_000_000)).toBeNull();
    expect(generationsFrom([e0])).toBeNull();
    expect(generationsFrom([e0, on])).toBe(on.activeFrom);
  });

  it("keeps later epochs daily and counts each layout's objects apart", () => {
    const on = activateGenerations([e0], 0)!;
    const grown = nextEpoch([e0, on], 8, 4, "api", 10_000);
    expect(grown.daily).toBe(true);
    expect(activateGenerations([e0, on, grown], 20_000)).toBeNull();
    expect(readCounts([{ ...e0, shards: 6 }, on, grown])).toEqual({ legacy: 6, daily: 8 });
    expect(readCounts([{ ...e0, daily: true }])).toEqual({ legacy: 0, daily: 4 });
  });
});

describe("metric generations", () => {
  const D = 20_000;
  it("holds a window in the day of its end when it starts no earlier than that day's overlap", () => {
    expect(generationHolding(D * DAY_MS - GENERATION_OVERLAP_MS, D * DAY_MS + 5)).toBe(D);
    expect(generationHolding(D * DAY_MS - GENERATION_OVERLAP_MS - 1, D * DAY_MS + 5)).toBeNull();
    expect(generationHolding(D * DAY_MS + 1, (D + 1) * DAY_MS - 1)).toBe(D);
  });

  it("names the day starts inside a window, end included", () => {
    expect(dayStartsIn(D * DAY_MS, (D + 2) * DAY_MS)).toEqual([(D + 1) * DAY_MS, (D + 2) * DAY_MS]);
    expect(dayStartsIn(D * DAY_MS + 1, (D + 1) * DAY_MS - 1)).toEqual([]);
  });

  it("tells the overlap of a day's end", () => {
    expect(inNextOverlap((D + 1) * DAY_MS - GENERATION_OVERLAP_MS)).toBe(true);
    expect(inNextOverlap((D + 1) * DAY_MS - GENERATION_OVERLAP_MS - 1)).toBe(false);
  });

  it("reads the old layout while it may hold the window and is kept", () => {
    const from = D * DAY_MS;
    expect(legacyMayHold(null, 0, from, 15)).toBe(true);
    expect(legacyMayHold(from, from + LEGACY_TAIL_MS - 1, from + 1, 15)).toBe(true);
    expect(legacyMayHold(from, from + LEGACY_TAIL_MS, from + 1, 15)).toBe(false);
    expect(legacyMayHold(from, 0, from + LEGACY_TAIL_MS + 15 * DAY_MS, 15)).toBe(false);
  });
});
