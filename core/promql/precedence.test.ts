import { describe, expect, it } from "vitest";
import type { Expr } from "./ast";
import { formatExpr, parsePromQL } from "./parse";

/** The grouping of an expression, fully parenthesized. */
const shape = (e: Expr): string => {
  switch (e.kind) {
    case "binary":
      return `(${shape(e.lhs)} ${e.op} ${shape(e.rhs)})`;
    case "vector":
      return `${e.name}${e.offsetMs ? `'${e.offsetMs / 60_000}m` : ""}${e.at !== undefined ? `@${e.at}` : ""}`;
    case "number":
      return String(e.value);
    case "paren":
      return shape(e.expr);
    case "unary":
      return `${e.op}${shape(e.expr)}`;
    case "call":
      return `${e.func}(${e.args.map(shape).join(",")})`;
    case "matrix":
      return `${shape(e.vector)}[]`;
    case "subquery":
      return `${shape(e.expr)}[:]'${e.offsetMs / 60_000}m`;
    default:
      return e.kind;
  }
};

describe("binary precedence around postfix modifiers", () => {
  const cases: [string, string][] = [
    ["x + x offset 1m * 0", "(x + (x'1m * 0))"],
    ["x > x offset 1m * 1.5", "(x > (x'1m * 1.5))"],
    ["a + b @ 10 * 0", "(a + (b@10000 * 0))"],
    ["a * b offset 1m + c", "((a * b'1m) + c)"],
    ["a or b offset 1m and c", "(a or (b'1m and c))"],
    ["a ^ b offset 1m ^ c", "(a ^ (b'1m ^ c))"],
    ["a + b offset 1m ^ c * d", "(a + ((b'1m ^ c) * d))"],
    ["a - b offset 1m - c", "((a - b'1m) - c)"],
    ["a + b offset 1m * c offset 2m ^ d", "(a + (b'1m * (c'2m ^ d)))"],
    ["a + rate(b[5m] offset 1m) * c", "(a + (rate(b'1m[]) * c))"],
    ["a + max_over_time(b[5m:1m] offset 1m) * c", "(a + (max_over_time(b[:]'1m) * c))"],
    ["(a + b offset 1m) * c", "((a + b'1m) * c)"],
  ];
  it.each(cases)("%s", (q, want) => {
    const e = parsePromQL(q);
    expect(shape(e)).toBe(want);
    // Printing keeps the grouping.
    expect(shape(parsePromQL(formatExpr(e)))).toBe(want);
  });

  it("reads holt_winters (2.x) apart from double_exponential_smoothing (3.x)", () => {
    const hw = parsePromQL("holt_winters(x[5m], 0.5, 0.5)");
    expect(hw.kind === "call" && hw.func).toBe("holt_winters");
    expect(() => parsePromQL("double_exponential_smoothing(x[5m], 0.5, 0.5)")).toThrow(/unknown function/);
    const des = parsePromQL("double_exponential_smoothing(x[5m], 0.5, 0.5)", { prometheus3: true });
    expect(des.kind === "call" && des.func).toBe("double_exponential_smoothing");
    expect(() => parsePromQL("holt_winters(x[5m], 0.5, 0.5)", { prometheus3: true })).toThrow(/unknown function/);
    expect(shape(parsePromQL('label_replace(x, "holt_winters(", "", "a", "")'))).toBe(
      "label_replace(x,string,string,string,string)",
    );
  });

  it("reads a trailing dot as part of a number, outside strings only", () => {
    expect(shape(parsePromQL("2."))).toBe("2");
    expect(shape(parsePromQL("1./6."))).toBe("(1 / 6)");
    expect(shape(parsePromQL('label_replace(x, "a", "1.", "b", "c")'))).toBe(
      "label_replace(x,string,string,string,string)",
    );
    expect(() => parsePromQL("x.")).toThrow();
  });
});
