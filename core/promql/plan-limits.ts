// Limits checked on the parsed query before anything is loaded.
import type { Expr } from "./ast";
import { PromQLError } from "./errors";
import { formatDuration } from "./format";

/** A subquery computes range/step points per series at each evaluation: the same cap as a range query's points
 * per series (Prometheus' 11,000), so `[30m:1ms]` is refused up front instead of evaluating 1.8M inner steps. */
export function checkSubqueryResolution(e: Expr, defaultStepMs: number, maxPoints: number): void {
  switch (e.kind) {
    case "subquery": {
      const step = e.stepMs || defaultStepMs;
      const points = Math.floor(e.rangeMs / step);
      if (points > maxPoints)
        throw new PromQLError(
          "execution",
          `subquery [${formatDuration(e.rangeMs)}:${formatDuration(step)}] exceeds the maximum resolution of ${maxPoints.toLocaleString("en-US")} points per timeseries (${points.toLocaleString("en-US")}); use a larger subquery step`,
        );
      return checkSubqueryResolution(e.expr, defaultStepMs, maxPoints);
    }
    case "paren":
    case "unary":
      return checkSubqueryResolution(e.expr, defaultStepMs, maxPoints);
    case "binary":
      checkSubqueryResolution(e.lhs, defaultStepMs, maxPoints);
      return checkSubqueryResolution(e.rhs, defaultStepMs, maxPoints);
    case "aggregate":
      if (e.param) checkSubqueryResolution(e.param, defaultStepMs, maxPoints);
      return checkSubqueryResolution(e.expr, defaultStepMs, maxPoints);
    case "call":
      for (const a of e.args) checkSubqueryResolution(a, defaultStepMs, maxPoints);
      return;
    default:
      return;
  }
}
