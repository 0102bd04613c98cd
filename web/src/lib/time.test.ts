import { describe, expect, it } from "vitest";
import { formatTime, parseDuration, resolveRange, resolveTime, stepFor } from "./time";

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
});
