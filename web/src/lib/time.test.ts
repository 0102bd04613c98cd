import { describe, expect, it } from "vitest";
import {
  describeRange,
  durationWords,
  formatTime,
  isRelativeRange,
  parseDuration,
  relativeLike,
  resolveRange,
  resolveTime,
  stepFor,
} from "./time";

const NOW = Date.UTC(2026, 10, 25, 2, 12, 0);

describe("time", () => {
  it("resolves relative and absolute expressions", () => {
    expect(resolveTime("now", NOW)).toBe(NOW);
    expect(resolveTime("now-15m", NOW)).toBe(NOW - 15 * 60e3);
    expect(resolveTime(String(NOW - 5), NOW)).toBe(NOW - 5);
    expect(resolveTime("2026-11-25T02:00:00Z", NOW)).toBe(Date.UTC(2026, 10, 25, 2));
    expect(resolveTime("now-banana", NOW)).toBeNull();
    expect(parseDuration("2h")).toBe(7200e3);
  });
  it("an inverted range falls back to the hour before its end", () => {
    expect(resolveRange({ from: "now", to: "now-1h" }, NOW)).toEqual({ start: NOW - 2 * 3600e3, end: NOW - 3600e3 });
  });
  it("steps give about 240 points", () => {
    expect(stepFor(NOW - 3600e3, NOW)).toBe(15);
    expect(stepFor(NOW - 1000, NOW)).toBe(1);
  });
  it("formats in UTC with a marker", () => {
    expect(formatTime(NOW, true)).toBe("2026-11-25 02:12:00 UTC");
    expect(formatTime(NOW, true, false)).toBe("2026-11-25 02:12 UTC");
  });
  it("tells relative ranges from pinned ones and says them in words", () => {
    expect(isRelativeRange({ from: "now-10m", to: "now" })).toBe(true);
    expect(isRelativeRange({ from: String(NOW - 60_000), to: "now" })).toBe(false);
    expect(describeRange({ from: "now-10m", to: "now" }, true)).toBe("Last 10 minutes");
    expect(describeRange({ from: "now-1h", to: "now" }, true)).toBe("Last 1 hour");
    expect(describeRange({ from: String(NOW - 30 * 60_000), to: String(NOW) }, true)).toBe(
      "2026-11-25 01:42 UTC → 02:12 UTC",
    );
    expect(durationWords(90 * 60_000)).toBe("90 minutes");
    expect(relativeLike({ from: String(NOW - 30 * 60_000), to: String(NOW) }, NOW)).toEqual({
      from: "now-30m",
      to: "now",
    });
    expect(relativeLike({ from: String(NOW - 2 * 3600e3), to: String(NOW) }, NOW)).toEqual({
      from: "now-2h",
      to: "now",
    });
  });
});
