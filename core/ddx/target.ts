// Which series a metric DDx breaks down: the query's underlying expression, with the pinned scope added.
// `sum(rate(x{status=~"5.."}[1m]))` -> `rate(x{status=~"5.."}[1m])`; a bare counter `x_total{...}` -> `rate(x_total{...}[r])`.
import type { Expr, VectorSelector } from "../promql/ast";
import { PromQLError } from "../promql/errors";
import { formatExpr, parsePromQL, selectorsOf } from "../promql/parse";
import type { LabelMatcher } from "../promql/types";

export interface DdxTarget {
  /** The expression DDx evaluates, as PromQL text. */
  query: string;
  expr: Expr;
  /** The outer aggregation that was removed (e.g. "sum"), if any. */
  unwrapped?: string;
  /** How the query was reduced to what DDx breaks down, for the reader (e.g. "the numerator of a ratio"). */
  reduced: string[];
  /** true when a bare counter selector was turned into its per-second rate. */
  rateApplied: boolean;
  /** Labels the query's own matchers constrain: symptoms, not causes (see MetricDdxOptions.symptomLabels). */
  symptomLabels: string[];
}

const COUNTER_SUFFIX = /(_total|_count|_sum|_bucket)$/;

function unparen(e: Expr): Expr {
  return e.kind === "paren" ? unparen(e.expr) : e;
}

/** Add matchers to every selector (the pinned scope). A scope label the selector already matches is kept: both must hold. */
export function withMatchers(e: Expr, extra: LabelMatcher[]): Expr {
  if (!extra.length) return e;
  const same = (a: LabelMatcher, b: LabelMatcher) => a.name === b.name && a.op === b.op && a.value === b.value;
  const sel = (v: VectorSelector): VectorSelector => {
    const matchers = [...v.matchers];
    for (const m of extra) if (!matchers.some((x) => same(x, m))) matchers.push(m);
    return { ...v, matchers };
  };
  switch (e.kind) {
    case "vector":
      return sel(e);
    case "matrix":
      return { ...e, vector: sel(e.vector) };
    case "subquery":
    case "paren":
    case "unary":
      return { ...e, expr: withMatchers(e.expr, extra) };
    case "binary":
      return { ...e, lhs: withMatchers(e.lhs, extra), rhs: withMatchers(e.rhs, extra) };
    case "aggregate":
      return { ...e, expr: withMatchers(e.expr, extra) };
    case "call":
      return { ...e, args: e.args.map((a) => withMatchers(a, extra)) };
    default:
      return e;
  }
}

const isNumber = (e: Expr): boolean => {
  const u = unparen(e);
  return u.kind === "number" || (u.kind === "unary" && isNumber(u.expr));
};

/** Peel what hides the series a DDx should break down. An alert's query is typically a ratio such as
 * `100 * sum by (env) (rate(errors[1m])) / sum by (env) (rate(requests[1m]))`: breaking down the ratio itself
 * compares ratios per group, where a label below the aggregation cannot stand out. The numerator (the errors) is
 * what changed; scaling by a number changes nothing DDx ranks. */
function reduce(e: Expr, steps: string[]): { expr: Expr; unwrapped?: string } {
  let expr = unparen(e);
  let unwrapped: string | undefined;
  for (let guard = 0; guard < 16; guard++) {
    if (expr.kind === "binary" && (expr.op === "*" || expr.op === "/") && isNumber(expr.lhs) !== isNumber(expr.rhs)) {
      expr = unparen(isNumber(expr.lhs) ? expr.rhs : expr.lhs);
      steps.push("dropped a constant factor");
    } else if (expr.kind === "binary" && expr.op === "/" && !isNumber(expr.lhs) && !isNumber(expr.rhs)) {
      expr = unparen(expr.lhs);
      steps.push("took the numerator of a ratio");
    } else if (expr.kind === "aggregate" && !unwrapped) {
      unwrapped = expr.op;
      expr = unparen(expr.expr);
      steps.push(`removed the outer ${unwrapped}`);
    } else break;
  }
  return { expr, unwrapped };
}

export function ddxTarget(query: string, scope: LabelMatcher[], rateRangeMs: number): DdxTarget {
  return targetOf(parsePromQL(query), scope, rateRangeMs);
}

/** Like ddxTarget, from a parsed expression (the denominator of a ratio, or a derived traffic selector). */
export function targetOf(parsed: Expr, scope: LabelMatcher[], rateRangeMs: number): DdxTarget {
  const reduced: string[] = [];
  let { expr, unwrapped } = reduce(parsed, reduced);
  if (expr.kind === "matrix" || expr.kind === "number" || expr.kind === "string") {
    throw new PromQLError(
      "bad_data",
      "DDx needs an expression that returns series over time (an instant vector), e.g. a selector or rate(x[5m])",
    );
  }
  if (selectorsOf(expr).length === 0)
    throw new PromQLError("bad_data", "the query selects no series: DDx needs at least one selector");
  let rateApplied = false;
  if (expr.kind === "vector" && COUNTER_SUFFIX.test(expr.name ?? "")) {
    expr = { kind: "call", func: "rate", args: [{ kind: "matrix", vector: expr, rangeMs: rateRangeMs }] };
    rateApplied = true;
    reduced.push("took the per-second rate of the counter");
  }
  const symptomLabels = new Set<string>();
  for (const s of selectorsOf(expr)) for (const m of s.matchers) if (m.name !== "__name__") symptomLabels.add(m.name);
  const scoped = withMatchers(expr, scope);
  return {
    query: formatExpr(scoped),
    expr: scoped,
    unwrapped,
    reduced,
    rateApplied,
    symptomLabels: [...symptomLabels],
  };
}
