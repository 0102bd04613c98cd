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
  const sel = (v: VectorSelector): VectorSelector => ({ ...v, matchers: [...v.matchers, ...extra] });
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

export function ddxTarget(query: string, scope: LabelMatcher[], rateRangeMs: number): DdxTarget {
  let expr = unparen(parsePromQL(query));
  let unwrapped: string | undefined;
  if (expr.kind === "aggregate") {
    unwrapped = expr.op;
    expr = unparen(expr.expr);
  }
  if (expr.kind === "matrix" || expr.kind === "number" || expr.kind === "string") {
    throw new PromQLError("bad_data", "DDx needs an expression that returns series over time (an instant vector), e.g. a selector or rate(x[5m])");
  }
  if (selectorsOf(expr).length === 0) throw new PromQLError("bad_data", "the query selects no series: DDx needs at least one selector");
  let rateApplied = false;
  if (expr.kind === "vector" && COUNTER_SUFFIX.test(expr.name ?? "")) {
    expr = { kind: "call", func: "rate", args: [{ kind: "matrix", vector: expr, rangeMs: rateRangeMs }] };
    rateApplied = true;
  }
  const symptomLabels = new Set<string>();
  for (const s of selectorsOf(expr)) for (const m of s.matchers) if (m.name !== "__name__") symptomLabels.add(m.name);
  const scoped = withMatchers(expr, scope);
  return { query: formatExpr(scoped), expr: scoped, unwrapped, rateApplied, symptomLabels: [...symptomLabels] };
}
