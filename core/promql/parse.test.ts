import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compatQueries, errorQueries } from "../../test/compat/promql/queries";
import type { Binary, Expr, Unary, VectorSelector } from "./ast";
import { PromQLError } from "./errors";
import { formatExpr, parsePromQL, selectorsOf } from "./parse";

const badData = (q: string) => {
  try {
    parsePromQL(q);
  } catch (e) {
    expect(e).toBeInstanceOf(PromQLError);
    expect((e as PromQLError).errorType).toBe("bad_data");
    return (e as PromQLError).message;
  }
  throw new Error(`expected ${q} to fail`);
};

describe("parsePromQL", () => {
  it("parses Prometheus 3 quoted UTF-8 metric and label names", () => {
    const a = parsePromQL('{"deployment.version"="v3.41.0"}') as VectorSelector;
    expect(a.matchers).toEqual([{ name: "deployment.version", op: "=", value: "v3.41.0" }]);
    const b = parsePromQL('{"my.metric", job="x"}') as VectorSelector;
    expect(b.name).toBe("my.metric");
    expect(b.matchers).toEqual([
      { name: "__name__", op: "=", value: "my.metric" },
      { name: "job", op: "=", value: "x" },
    ]);
    expect(formatExpr(b)).toBe('{"my.metric", job="x"}');
    expect(parsePromQL('sum by ("service.name") (x)')).toMatchObject({ grouping: ["service.name"] });
  });

  it("reports syntax errors with a line:col position", () => {
    expect(badData("sum(rate(x[5m])")).toMatch(/^1:\d+: parse error: /);
    expect(badData("up{job=}")).toMatch(/^1:\d+: parse error/);
    expect(badData("foo\n  + ")).toMatch(/^2:\d+: parse error/);
    expect(badData("")).toMatch(/no expression found/);
  });

  it("applies Prometheus' type rules", () => {
    expect(badData("rate(x)")).toMatch(/expected type range vector in call to function "rate", got instant vector/);
    expect(badData("1 > 2")).toMatch(/comparisons between scalars must use BOOL modifier/);
    expect(badData("sum(x[5m])")).toMatch(/expected type instant vector in aggregation expression, got range vector/);
    expect(badData('{job=~".*"}')).toMatch(/at least one non-empty matcher/);
    expect(badData('foo{__name__="bar"}')).toMatch(/metric name must not be set twice/);
    expect(badData("x + on(a) group_left(a) y")).toMatch(/must not occur in ON and GROUP clause/);
    expect(badData("x and on(a) group_left y")).toMatch(/no grouping allowed/);
    expect(badData("x + bool y")).toMatch(/bool modifier can only be used on comparison operators/);
    expect(badData("x offset 5m offset 1m")).toMatch(/offset may not be set multiple times/);
    expect(badData("nosuch(x)")).toMatch(/unknown function/);
    expect(badData("x[5m][5m]")).toMatch(/ranges only allowed for vector selectors|subquery/);
  });

  it("binds ^ tighter than unary minus and right-associative", () => {
    const e = parsePromQL("-2 ^ 2") as Unary;
    expect(e.kind).toBe("unary");
    expect((e.expr as Binary).op).toBe("^");
    const p = parsePromQL("2 ^ 3 ^ 2") as Binary;
    expect((p.rhs as Binary).op).toBe("^");
    const m = parsePromQL("1 + 2 * 3") as Binary;
    expect(m.op).toBe("+");
  });

  it("binds offset, @ and ranges to the innermost right operand", () => {
    const e = parsePromQL("a > b offset 5m") as Binary;
    expect((e.lhs as VectorSelector).offsetMs).toBe(0);
    expect((e.rhs as VectorSelector).offsetMs).toBe(300_000);
    expect(badData("a + b[5m:1m]")).toMatch(/binary expression must contain only scalar and instant vector types/);
  });

  it("parses number literals like Prometheus: hex, octal, Inf, NaN, exponents", () => {
    const n = (q: string) => (parsePromQL(q) as { value: number }).value;
    expect(n("0x1F")).toBe(31);
    expect(n("010")).toBe(8);
    expect(n("Inf")).toBe(Infinity);
    expect(n("-inf")).toBe(-Infinity);
    expect(n("NaN")).toBeNaN();
    expect(n("1e3")).toBe(1000);
    expect(n(".5")).toBe(0.5);
    expect((parsePromQL('"a\\tb\\u00e9"') as { value: string }).value).toBe("a\tbé");
    expect((parsePromQL("`raw\\n`") as { value: string }).value).toBe("raw\\n");
  });

  it("lists selectors with their range, offset and @", () => {
    const s = selectorsOf(parsePromQL('rate(a{x="1"}[5m] offset 1m) / b @ end() + max_over_time(c[10m:1m])'));
    expect(s.map((x) => [x.selector.name, x.rangeMs, x.offsetMs, x.at])).toEqual([
      ["a", 300_000, 60_000, undefined],
      ["b", 0, 0, "end"],
      ["c", 0, 0, undefined],
    ]);
    expect(s[0].matchers).toContainEqual({ name: "x", op: "=", value: "1" });
  });

  it("formats every compat expression back to text that parses to the same tree", () => {
    const strip = (e: Expr) => JSON.parse(JSON.stringify(e, (_k, v) => (Number.isNaN(v) ? "NaN" : v)));
    for (const { q } of compatQueries) {
      const e = parsePromQL(q);
      expect(strip(parsePromQL(formatExpr(e))), q).toEqual(strip(e));
    }
  });

  it("rejects every compat error expression with bad_data or accepts it for evaluation", () => {
    let rejected = 0;
    for (const q of errorQueries) {
      try {
        parsePromQL(q);
      } catch (e) {
        expect(e).toBeInstanceOf(PromQLError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(errorQueries.length / 2);
  });

  it("rejects absurdly deep nesting and long chains without overflowing the stack", () => {
    expect(badData("(".repeat(5000) + "1" + ")".repeat(5000))).toMatch(/nests deeper/);
    expect(() => parsePromQL(Array(500).fill("x").join(" + "))).not.toThrow();
    try {
      parsePromQL(Array(20000).fill("x").join(" + "));
    } catch (e) {
      expect(e).toBeInstanceOf(PromQLError);
    }
  });

  it("never throws anything but PromQLError on random input", () => {
    const tokens = [
      "sum",
      "(",
      ")",
      "rate",
      "x",
      "[5m]",
      "{",
      "}",
      'a="b"',
      ",",
      "+",
      "offset",
      "1m",
      "@",
      "start()",
      "by",
      "on",
      "group_left",
      "bool",
      ">",
      "^",
      "-",
      "1",
      "Inf",
      ":",
      "]",
      '"',
      "`",
      "#",
      "topk",
      "label_replace",
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(fc.constantFrom(...tokens), { maxLength: 14 }).map((a) => a.join(" ")),
        ),
        (q) => {
          try {
            parsePromQL(q);
          } catch (e) {
            if (!(e instanceof PromQLError)) throw e;
          }
        },
      ),
      { numRuns: 3000 },
    );
  }, 120_000);
});
