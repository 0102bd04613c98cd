import { describe, expect, it } from "vitest";
import { parsePromQL } from "../parse";
import { planPushdown } from "./plan";
import { fragmentSchema } from "./spec";

const opts = { lookbackMs: 300_000, leftOpen: false, subqueryStepMs: 60_000, start: 0, end: 3_600_000, instant: false };
const grid = { start: 0, end: 3_600_000, step: 15_000 };

function plan(q: string) {
  return planPushdown(parsePromQL(q), grid, opts).map((p) => ({
    kind: p.fragment.agg ? `agg:${p.fragment.agg.op}` : "series",
    expr: p.fragment.expr.k,
    order: p.fragment.order,
    grid: p.fragment.grid,
  }));
}

describe("planPushdown", () => {
  it("pushes an aggregation over a per-series expression as one partial aggregate", () => {
    expect(plan("sum by (service) (rate(x[5m]))")).toEqual([{ kind: "agg:sum", expr: "range", order: false, grid }]);
    expect(plan("count(x)")).toEqual([{ kind: "agg:count", expr: "sel", order: false, grid }]);
    expect(plan("avg without (pod) (abs(x - 1) * 100)")).toMatchObject([{ kind: "agg:avg", expr: "scalar" }]);
  });

  it("pushes both sides of a ratio and leaves the division to the Worker", () => {
    expect(plan('sum(rate(x{status=~"5.."}[5m])) / sum(rate(x[5m]))').map((p) => p.kind)).toEqual([
      "agg:sum",
      "agg:sum",
    ]);
    expect(plan("rate(a[5m]) / on(job) rate(b[5m])").map((p) => p.kind)).toEqual(["series", "series"]);
  });

  it("keeps order under topk and sort, and for instant queries", () => {
    expect(plan("topk(5, sum by (service) (rate(x[5m])))")).toMatchObject([{ kind: "agg:sum", order: true }]);
    expect(plan("sort(x)")).toMatchObject([{ kind: "series", order: true }]);
    expect(
      planPushdown(parsePromQL("sum by (a) (x)"), { start: 5, end: 5, step: 1 }, { ...opts, instant: true })[0].fragment
        .order,
    ).toBe(true);
  });

  it("evaluates an aggregation whose inputs may share a label set in the Worker", () => {
    expect(plan('sum(rate({__name__=~"a|b"}[5m]))')).toMatchObject([{ kind: "series", expr: "range" }]);
    expect(plan('sum({__name__=~"a|b"})')).toMatchObject([{ kind: "agg:sum" }]);
  });

  it("leaves what needs raw samples to the raw path", () => {
    expect(plan("timestamp(x)")).toEqual([]);
    expect(plan("absent_over_time(x[5m])")).toEqual([]);
    expect(plan("x[5m]")).toEqual([]);
    expect(plan("label_replace(x, 'a', '$1', 'b', '(.*)')")).toMatchObject([{ kind: "series", expr: "sel" }]);
    expect(plan("topk(scalar(y), x)").map((p) => p.kind)).toEqual(["series", "series"]);
  });

  it("gives subquery fragments the subquery's aligned grid", () => {
    const [p] = plan("max_over_time(sum(rate(x[5m]))[30m:1m])");
    expect(p).toMatchObject({ kind: "agg:sum", grid: { start: -1_800_000, end: 3_600_000, step: 60_000 } });
  });

  it("plans fragments the shards' RPC schema accepts, infinite and NaN literals included", () => {
    for (const q of [
      "clamp_min(x, 5)",
      "clamp_max(x, 5) * NaN",
      "x > -Inf",
      "quantile_over_time(0.5, x[5m] offset 1h)",
      "predict_linear(x[5m] @ 100, 3600)",
      "topk by (a) (3, rate(x[1m]))",
      'count_values without (b) ("v", round(x, 0.1))',
    ]) {
      const planned = planPushdown(parsePromQL(q), grid, opts);
      expect(planned.length, q).toBe(1);
      for (const p of planned) expect(fragmentSchema.safeParse(p.fragment).success, q).toBe(true);
    }
  });
});
