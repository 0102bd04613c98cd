import { describe, expect, it } from "vitest";
import { readSteps, thresholdColor } from "./thresholds";

describe("stat thresholds", () => {
  const steps = readSteps([
    { value: null, color: "green" },
    { value: 0.01, color: "orange" },
    { value: 0.05, color: "red" },
  ]);
  it("colours a value by the highest step it reaches", () => {
    expect(thresholdColor(0.003, steps)).toBe("var(--ok)");
    expect(thresholdColor(0.02, steps)).toBe("var(--warn)");
    expect(thresholdColor(0.0584, steps)).toBe("var(--crit)");
    expect(thresholdColor(null, steps)).toBeUndefined();
  });
  it("reads healthy below a lone step, and takes hex colours", () => {
    const one = readSteps([{ value: 0.05, color: "#ff0000" }]);
    expect(thresholdColor(0.01, one)).toBe("var(--ok)");
    expect(thresholdColor(0.06, one)).toBe("#ff0000");
    expect(thresholdColor(5, [])).toBeUndefined();
  });
});
