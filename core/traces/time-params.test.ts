import { describe, expect, it } from "vitest";
import {
  comparisonWindow,
  decodeCursor,
  encodeCursor,
  parseDurationUs,
  parseTimeMs,
  parseWindow,
  ParamError,
} from "./time-params";

const NOW = Date.UTC(2026, 0, 1, 2, 30);

describe("time params", () => {
  it("parses epochs by magnitude, RFC 3339 and now-relative", () => {
    expect(parseTimeMs("1767234600", NOW, "t")).toBe(1767234600000);
    expect(parseTimeMs("1767234600000", NOW, "t")).toBe(1767234600000);
    expect(parseTimeMs("1767234600000000", NOW, "t")).toBe(1767234600000);
    expect(parseTimeMs("1767234600000000000", NOW, "t")).toBe(1767234600000);
    expect(parseTimeMs("2026-01-01T02:30:00Z", NOW, "t")).toBe(NOW);
    expect(parseTimeMs("now-15m", NOW, "t")).toBe(NOW - 900_000);
    expect(() => parseTimeMs("yesterday", NOW, "start")).toThrow(ParamError);
  });
  it("parses durations", () => {
    expect(parseDurationUs("4s", "d")).toBe(4_000_000);
    expect(parseDurationUs("4100ms", "d")).toBe(4_100_000);
    expect(parseDurationUs("1.5m", "d")).toBe(90_000_000);
    expect(parseDurationUs("250", "d")).toBe(250_000);
    expect(() => parseDurationUs("fast", "minDuration")).toThrow(/minDuration/);
  });
  it("defaults and checks windows", () => {
    expect(parseWindow(undefined, undefined, NOW)).toEqual({ startMs: NOW - 3_600_000, endMs: NOW });
    expect(() => parseWindow("now", "now-1h", NOW)).toThrow(/before/);
    expect(comparisonWindow({ startMs: 10_000_000, endMs: 11_000_000 })).toEqual({
      startMs: 6_400_000,
      endMs: 7_400_000,
    });
  });
  it("round-trips cursors", () => {
    expect(decodeCursor(encodeCursor({ t: 1, traceId: "ab" }))).toEqual({ t: 1, traceId: "ab" });
    expect(() => decodeCursor("%%%")).toThrow(ParamError);
  });
});
