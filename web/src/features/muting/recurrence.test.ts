import { describe, expect, it } from "vitest";
import { describeIntervals, weeklyWindow } from "./recurrence";

describe("recurring mute windows", () => {
  it("builds Alertmanager's spelling, every day when no or all days are chosen", () => {
    expect(weeklyWindow(["sunday", "monday"], "09:00", "10:00", "Europe/Berlin")).toEqual({
      times: [{ start_time: "09:00", end_time: "10:00" }],
      weekdays: ["monday", "sunday"],
      location: "Europe/Berlin",
    });
    expect(weeklyWindow([], "22:00", "24:00", "UTC").weekdays).toBeUndefined();
  });

  it("describes windows in one line", () => {
    expect(describeIntervals([weeklyWindow(["saturday"], "02:00", "04:00", "America/New_York")])).toBe(
      "Sat 02:00–04:00 America/New_York",
    );
    expect(describeIntervals([{ weekdays: ["monday:friday"] }])).toBe("Mon–Fri all day UTC");
    expect(describeIntervals(null)).toBe("");
  });
});
