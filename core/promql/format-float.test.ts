import { describe, expect, it } from "vitest";
import { formatGoFloat, formatJsonValue } from "./format-float";

describe("sample values as Prometheus writes them", () => {
  it("uses Go's 'f' format for labels (count_values): never an exponent", () => {
    expect(formatGoFloat(1e21)).toBe("1000000000000000000000");
    expect(formatGoFloat(1e-7)).toBe("0.0000001");
    expect(formatGoFloat(-0)).toBe("-0");
  });

  it("switches to 'e' in JSON answers below 1e-6 and from 1e21, with Go's two-digit exponent", () => {
    // The first four are what Prometheus 2.42 answered for vector(x); the rest follow its marshalValue.
    const seen: [number, string][] = [
      [1e21, "1e+21"],
      [1e-7, "1e-07"],
      [1.2345678901234569e23, "1.2345678901234569e+23"],
      [0.0000011, "0.0000011"],
      [0.000001, "0.000001"],
      [-2.5e-300, "-2.5e-300"],
      [999999999999999900000, "999999999999999900000"],
      [0, "0"],
      [-0, "-0"],
      [Number.NaN, "NaN"],
      [Number.NEGATIVE_INFINITY, "-Inf"],
    ];
    for (const [v, want] of seen) expect(formatJsonValue(v)).toBe(want);
  });
});
