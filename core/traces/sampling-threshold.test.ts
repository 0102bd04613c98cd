import { describe, expect, it } from "vitest";
import { probabilityOfThreshold, spanWeight, thresholdOf } from "./sampling-threshold";

describe("tracestate th threshold", () => {
  it("reads the spec's examples", () => {
    expect(probabilityOfThreshold("8")).toBe(0.5);
    expect(probabilityOfThreshold("c")).toBe(0.25);
    expect(probabilityOfThreshold("0")).toBe(1);
    expect(probabilityOfThreshold("fd70a4")).toBeCloseTo(0.01, 6);
    expect(probabilityOfThreshold("e6666666666666")).toBeCloseTo(0.1, 12);
    expect(probabilityOfThreshold("ffffffffffffff")).toBe(2 ** -56);
  });

  it("turns th into an adjusted count, flagged as weighted", () => {
    expect(spanWeight("ot=th:8")).toEqual({ adjustedCount: 2, weighted: true });
    expect(spanWeight("ot=th:c")).toEqual({ adjustedCount: 4, weighted: true });
    expect(spanWeight("ot=th:0")).toEqual({ adjustedCount: 1, weighted: true });
    expect(spanWeight("ot=th:fd70a4").adjustedCount).toBeCloseTo(100, 3);
    expect(spanWeight("ot=th:e6666666666666").adjustedCount).toBeCloseTo(10, 9);
  });

  it("finds th among other vendors' entries and other ot sub-keys", () => {
    expect(thresholdOf("congo=t61rcWkgMzE,ot=rv:9b8233f7e3a151;th:c,rojo=00f067aa0ba902b7")).toBe("c");
    expect(spanWeight("vendor=th:8, ot=th:c;rv:abcdefabcdef12")).toEqual({ adjustedCount: 4, weighted: true });
    expect(spanWeight("ot=rv:9b8233f7e3a151")).toEqual({ adjustedCount: 1, weighted: false });
    expect(spanWeight("th=8,other=th:8")).toEqual({ adjustedCount: 1, weighted: false });
  });

  it("counts a span once, unweighted, when th is missing or malformed", () => {
    for (const ts of [undefined, "", "ot=", "ot=th:", "ot=th:g", "ot=th:C", "ot=th:123456789abcdef", "ot=th:-1"])
      expect(spanWeight(ts)).toEqual({ adjustedCount: 1, weighted: false });
  });
});
