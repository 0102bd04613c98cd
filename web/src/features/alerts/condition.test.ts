import { describe, expect, it } from "vitest";
import { conditionText, currentValue, shortDuration, thresholdText, valueText } from "./condition";

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

describe("the alert's value now", () => {
  const alert = { lastValue: 13.4 };
  it("is the evaluator's last check while the alert is open, not the value it fired with", () => {
    const evaluator = { at: 1000, error: null, samples: [{ value: 49.6 }] };
    expect(currentValue({ alert, evaluator })).toEqual({ value: 49.6, at: 1000 });
  });
  it("falls back to the value at the last transition when the check says nothing certain", () => {
    expect(currentValue({ alert, evaluator: null })).toEqual({ value: 13.4, at: null });
    expect(currentValue({ alert, evaluator: { at: 1, error: "timeout", samples: [{ value: 2 }] } })?.value).toBe(13.4);
    expect(currentValue({ alert, evaluator: { at: 1, error: null, samples: [] } })?.value).toBe(13.4);
    expect(currentValue({ alert, evaluator: { at: 1, error: null, samples: [{ value: null }] } })?.value).toBe(13.4);
    expect(currentValue({ alert: { lastValue: null } })).toBeNull();
  });
});
