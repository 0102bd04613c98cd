import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine, PromQLError } from "./engine";
import { MemorySource } from "./memory-source";

// Random well-formed-ish expressions from a small grammar: evaluation either succeeds or fails with a
// PromQLError that is not "internal" (an internal error means the type checker let something through).
const sel = fc.constantFrom("m", 'm{job="a"}', 'm{job=~"a|b"}', "m offset 1m", "n", "m @ end()");
const rng = fc.constantFrom("[1m]", "[5m]", "[5m:1m]", "[2m:]");
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    sel,
    fc.constantFrom("1", "-2.5", "Inf", "NaN", '"s"', "time()"),
    fc
      .tuple(
        fc.constantFrom(
          "rate",
          "irate",
          "delta",
          "deriv",
          "max_over_time",
          "count_over_time",
          "changes",
          "absent_over_time",
          "last_over_time",
        ),
        sel,
        rng,
      )
      .map(([f, s, r]) => `${f}(${s}${r})`),
    fc
      .tuple(
        fc.constantFrom("sum", "avg", "max", "count", "stddev", "group"),
        fc.constantFrom("", " by (job)", " without (job)"),
        tie("expr"),
      )
      .map(([op, g, e]) => `${op}${g} (${e})`),
    fc
      .tuple(fc.constantFrom("topk", "bottomk", "quantile"), tie("expr"), tie("expr"))
      .map(([op, p, e]) => `${op}(${p}, ${e})`),
    fc
      .tuple(
        tie("expr"),
        fc.constantFrom(
          "+",
          "-",
          "*",
          "/",
          "%",
          "^",
          "==",
          "!=",
          ">",
          "< bool",
          "and",
          "or",
          "unless",
          "+ on(job)",
          "* ignoring(job) group_left",
        ),
        tie("expr"),
      )
      .map(([a, op, b]) => `(${a}) ${op} (${b})`),
    fc
      .tuple(
        fc.constantFrom(
          "abs",
          "ceil",
          "sqrt",
          "scalar",
          "vector",
          "sort",
          "timestamp",
          "absent",
          "histogram_quantile(0.5,",
          "clamp_min(",
          "round(",
        ),
        tie("expr"),
      )
      .map(([f, e]) =>
        f.endsWith("(") || f.endsWith(",")
          ? `${f}${f.endsWith(",") ? " " : ""}${e}${f.startsWith("clamp") || f.startsWith("round") ? ", 1" : ""})`
          : `${f}(${e})`,
      ),
    fc.tuple(tie("expr"), rng).map(([e, r]) => `(${e})${r}`),
  ),
}));

function source(): MemorySource {
  const src = new MemorySource();
  const ts = Array.from({ length: 30 }, (_, i) => i * 15_000);
  src.add(
    { __name__: "m", job: "a", le: "1" },
    ts,
    ts.map((_, i) => i),
  );
  src.add(
    { __name__: "m", job: "b", le: "+Inf" },
    ts,
    ts.map((_, i) => i * 2),
  );
  src.add(
    { __name__: "n", job: "a" },
    ts,
    ts.map((_, i) => 30 - i),
  );
  return src;
}

describe("engine on random expressions", () => {
  it("fails only with PromQLError, never an internal one", async () => {
    const engine = createEngine(source());
    await fc.assert(
      fc.asyncProperty(expr, fc.boolean(), async (q, range) => {
        try {
          if (range) await engine.rangeQuery(q, 60_000, 420_000, 30_000);
          else await engine.instantQuery(q, 300_000);
        } catch (e) {
          expect(e, q).toBeInstanceOf(PromQLError);
          expect((e as PromQLError).errorType, `${q}: ${(e as Error).message}`).not.toBe("internal");
        }
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});
