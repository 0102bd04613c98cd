// The traffic behind an error signal, so that DDx compares error rates instead of error volumes:
//   a ratio's denominator (`errors / requests`, as an alert's query is written), an explicit traffic query, or
//   the same selector without its outcome matchers (`x{status=~"5.."}` -> `x`).
import type { Expr, VectorSelector } from "../promql/ast";
import { formatExpr, parsePromQL } from "../promql/parse";
import type { LabelMatcher } from "../promql/types";
import { type DdxTarget, targetOf } from "./target";

/** Label names that say how a request ended: a matcher on one of them selects the errors out of all requests. */
export const OUTCOME_LABELS = new Set([
  "status",
  "code",
  "status_code",
  "statuscode",
  "http_status",
  "http_code",
  "http_status_code",
  "http_response_status_code",
  "http.response.status_code",
  "http.status_code",
  "response_code",
  "grpc_code",
  "grpc_status",
  "grpc_status_code",
  "rpc_grpc_status_code",
  "rpc.grpc.status_code",
  "outcome",
  "result",
  "error",
  "error_type",
  "exception",
  "success",
  "failed",
]);

export interface TrafficTarget extends DdxTarget {
  /** How the traffic was found, for the reader. */
  derivedBy: "ratio" | "selector" | "given";
  /** For "selector": the outcome matchers the errors add on top of the traffic. */
  outcome: LabelMatcher[];
}

function unparen(e: Expr): Expr {
  return e.kind === "paren" ? unparen(e.expr) : e;
}

const isNumber = (e: Expr): boolean => {
  const u = unparen(e);
  return u.kind === "number" || (u.kind === "unary" && isNumber(u.expr));
};

/** The denominator of the query's outermost ratio, under constant factors and one aggregation. */
function denominatorOf(e: Expr): Expr | undefined {
  let expr = unparen(e);
  let aggregations = 0;
  for (let guard = 0; guard < 16; guard++) {
    if (expr.kind === "binary" && (expr.op === "*" || expr.op === "/") && isNumber(expr.lhs) !== isNumber(expr.rhs))
      expr = unparen(isNumber(expr.lhs) ? expr.rhs : expr.lhs);
    else if (expr.kind === "binary" && expr.op === "/") return expr.rhs;
    else if (expr.kind === "aggregate" && aggregations++ === 0) expr = unparen(expr.expr);
    else return undefined;
  }
  return undefined;
}

/** The one selector of `x{...}` or `rate|irate|increase(x{...}[r])`, if that is what the target is. */
function selectorOf(e: Expr): VectorSelector | undefined {
  if (e.kind === "vector") return e;
  if (e.kind === "call" && ["rate", "irate", "increase"].includes(e.func) && e.args[0]?.kind === "matrix")
    return e.args[0].vector;
  return undefined;
}

function withoutMatchers(e: Expr, drop: LabelMatcher[]): Expr {
  const keep = (v: VectorSelector): VectorSelector => ({
    ...v,
    matchers: v.matchers.filter((m) => !drop.includes(m)),
  });
  if (e.kind === "vector") return keep(e);
  if (e.kind === "call" && e.args[0]?.kind === "matrix")
    return { ...e, args: [{ ...e.args[0], vector: keep(e.args[0].vector) }, ...e.args.slice(1)] };
  return e;
}

/** `errors` is the (unscoped) errors target; null when no traffic can be found (DDx then scores volume). */
export function trafficTarget(
  query: string,
  errors: DdxTarget,
  scope: LabelMatcher[],
  rateRangeMs: number,
  given?: string,
): TrafficTarget | null {
  if (given) return { ...targetOf(parsePromQL(given), scope, rateRangeMs), derivedBy: "given", outcome: [] };
  const den = denominatorOf(parsePromQL(query));
  if (den) return { ...targetOf(den, scope, rateRangeMs), derivedBy: "ratio", outcome: [] };
  const sel = selectorOf(errors.expr);
  if (!sel) return null;
  const outcome = sel.matchers.filter((m) => OUTCOME_LABELS.has(m.name) && !scope.some((s) => s.name === m.name));
  if (!outcome.length) return null;
  const t = targetOf(withoutMatchers(errors.expr, outcome), [], rateRangeMs);
  return {
    ...t,
    reduced: [`the same series without ${outcome.map(formatMatcher).join(", ")}`],
    derivedBy: "selector",
    outcome,
  };
}

export function formatMatcher(m: LabelMatcher): string {
  return formatExpr({ kind: "vector", matchers: [m], offsetMs: 0 } as VectorSelector).replace(/^\{|\}$/g, "");
}
