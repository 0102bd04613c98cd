import { describe, expect, it } from "vitest";
import { inTimeIntervals, localTime, parseTimeInterval } from "./time-intervals";

const at = (iso: string) => Date.parse(iso);

describe("time intervals (Alertmanager semantics)", () => {
  const sundayMorningBerlin = parseTimeInterval({
    weekdays: ["sunday"],
    times: [{ start_time: "09:00", end_time: "10:00" }],
    location: "Europe/Berlin",
  });

  it("follows local wall time across a daylight-saving change", () => {
    // 22 March 2026: Berlin is UTC+1. 29 March 2026: UTC+2 from 01:00 UTC.
    expect(inTimeIntervals([sundayMorningBerlin], at("2026-03-22T08:30:00Z"))).toBe(true);
    expect(inTimeIntervals([sundayMorningBerlin], at("2026-03-22T07:30:00Z"))).toBe(false);
    expect(inTimeIntervals([sundayMorningBerlin], at("2026-03-29T07:30:00Z"))).toBe(true);
    expect(inTimeIntervals([sundayMorningBerlin], at("2026-03-29T08:30:00Z"))).toBe(false);
    // And back in October (25 October 2026, UTC+1 again).
    expect(inTimeIntervals([sundayMorningBerlin], at("2026-10-25T08:30:00Z"))).toBe(true);
  });

  it("start is inclusive, end exclusive, 24:00 allowed as an end", () => {
    const iv = parseTimeInterval({ times: [{ start_time: "22:00", end_time: "24:00" }] });
    expect(inTimeIntervals([iv], at("2026-01-05T22:00:00Z"))).toBe(true);
    expect(inTimeIntervals([iv], at("2026-01-05T23:59:00Z"))).toBe(true);
    expect(inTimeIntervals([iv], at("2026-01-06T00:00:00Z"))).toBe(false);
    expect(inTimeIntervals([iv], at("2026-01-05T21:59:00Z"))).toBe(false);
  });

  it("ranges of weekdays, negative days of month, months; any interval of a list; empty means always", () => {
    const weekdays = parseTimeInterval({ weekdays: ["monday:friday"] });
    expect(inTimeIntervals([weekdays], at("2026-01-09T12:00:00Z"))).toBe(true); // Friday
    expect(inTimeIntervals([weekdays], at("2026-01-10T12:00:00Z"))).toBe(false); // Saturday
    const lastDay = parseTimeInterval({ days_of_month: ["-1"], months: ["february"] });
    expect(inTimeIntervals([lastDay], at("2026-02-28T12:00:00Z"))).toBe(true);
    expect(inTimeIntervals([lastDay], at("2026-01-31T12:00:00Z"))).toBe(false);
    expect(inTimeIntervals([weekdays, lastDay], at("2026-02-28T12:00:00Z"))).toBe(true); // a Saturday
    expect(inTimeIntervals([], 0)).toBe(true);
  });

  it("refuses what Alertmanager refuses, with the reason", () => {
    expect(() => parseTimeInterval({ times: [{ start_time: "10:00", end_time: "09:00" }] })).toThrow(/start before/);
    expect(() => parseTimeInterval({ times: [{ start_time: "9:00", end_time: "10:00" }] })).toThrow(/HH:MM/);
    expect(() => parseTimeInterval({ weekdays: ["funday"] })).toThrow(/weekdays/);
    expect(() => parseTimeInterval({ days_of_month: ["0"] })).toThrow(/not a day/);
    expect(() => parseTimeInterval({ location: "Mars/Olympus" })).toThrow(/time zone/);
  });

  it("reads local fields in the zone", () => {
    expect(localTime(at("2026-03-29T00:30:00Z"), "Europe/Berlin")).toMatchObject({ day: 29, minute: 90, weekday: 0 });
    expect(localTime(at("2026-03-29T01:30:00Z"), "Europe/Berlin")).toMatchObject({ day: 29, minute: 210 });
  });
});
