import { describe, expect, it } from "vitest";
import { EXPIRY_WARNING_MS, holdsUntil, planMuteExpiry } from "./mute-expiry";
import { parseTimeInterval } from "./time-intervals";

const held = (endsAt: number, firing = true) => [{ alertId: "a1", firing, rules: [{ id: "r1", endsAt }] }];

describe("mute expiry warnings", () => {
  it("warns once, ten minutes before the last holding rule ends", () => {
    const now = 1_000_000;
    expect(planMuteExpiry(held(now + EXPIRY_WARNING_MS + 1), {}, now).warnings).toEqual([]);
    const first = planMuteExpiry(held(now + EXPIRY_WARNING_MS), {}, now);
    expect(first.warnings).toEqual([{ alertId: "a1", endsAt: now + EXPIRY_WARNING_MS, ruleIds: ["r1"] }]);
    expect(planMuteExpiry(held(now + EXPIRY_WARNING_MS), first.warned, now + 15_000).warnings).toEqual([]);
  });

  it("warns again after an extension comes near, never for a pending alert, and uses the latest end", () => {
    const now = 0;
    const w = planMuteExpiry(held(60_000), {}, now).warned;
    expect(planMuteExpiry(held(120_000), w, now).warnings).toHaveLength(1);
    expect(planMuteExpiry(held(60_000, false), {}, now).warnings).toEqual([]);
    const two = [
      {
        alertId: "a1",
        firing: true,
        rules: [
          { id: "r1", endsAt: 60_000 },
          { id: "r2", endsAt: 3_600_000 },
        ],
      },
    ];
    expect(planMuteExpiry(two, {}, now).warnings).toEqual([]);
  });

  it("a recurring rule stops holding at the end of its current window, a plain one at its end", () => {
    const now = Date.parse("2026-01-05T09:55:30Z"); // a Monday
    const window = parseTimeInterval({ weekdays: ["monday"], times: [{ start_time: "09:00", end_time: "10:00" }] });
    const endsAt = now + 30 * 86_400_000;
    expect(holdsUntil({ endsAt, timeIntervals: [window] }, now)).toBe(Date.parse("2026-01-05T10:00:00Z"));
    expect(holdsUntil({ endsAt, timeIntervals: null }, now)).toBe(endsAt);
    const allDay = parseTimeInterval({ weekdays: ["monday"] });
    expect(holdsUntil({ endsAt, timeIntervals: [allDay] }, now)).toBe(endsAt); // ends later than the horizon
  });
});
