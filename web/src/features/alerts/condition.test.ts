import { describe, expect, it } from "vitest";
import { conditionText, shortDuration, thresholdText, valueText } from "./condition";

describe("alert condition in words and units", () => {
  it("says the monitor's condition with its unit and sustain", () => {
    expect(conditionText({ severity: "critical", operator: ">", threshold: 5, sustainMs: 180_000 }, "%")).toBe(
      "> 5 % for 3 m",
    );
    expect(conditionText({ severity: "warning", operator: ">=", threshold: 4200, sustainMs: 0 }, "ms")).toBe(
      ">= 4,200 ms",
    );
    expect(conditionText({ severity: "critical", operator: "<", threshold: 0.05 }, "")).toBe("< 0.05");
  });
  it("writes durations and values as people read them", () => {
    expect(shortDuration(90_000)).toBe("1 m 30 s");
    expect(shortDuration(5_400_000)).toBe("1 h 30 m");
    expect(shortDuration(15_000)).toBe("15 s");
    expect(thresholdText(5, "%")).toBe("5 %");
    expect(valueText(6.4, "%")).toBe("6.40 %");
    expect(valueText(4200, "ms")).toBe("4.20 s");
  });
});
