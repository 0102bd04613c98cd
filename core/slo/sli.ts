// SLI definitions -> the PromQL that rolls them up per minute, and the PromQL that states a burn-rate alert on
// raw data (the generated monitor's query: charts, DDx and the explorer read it; the check itself reads the
// SLO object's roll-ups). Pure.
import type { Expr } from "../promql/ast";
import { formatDuration, formatExpr } from "../promql/format";
import { parsePromQL } from "../promql/parse";

export type ThresholdOp = "<" | "<=" | ">" | ">=";

export type Sli =
  /** Event-based: good (or bad) events out of all events, each a counter selector. */
  | { kind: "ratio"; good?: string; bad?: string; total: string }
  /** Time-slice: each minute is good when the query's value meets the threshold (latency p99 < 300 ms). */
  | { kind: "threshold"; query: string; operator: ThresholdOp; threshold: number };

export const BUCKET_MS = 60_000;

export class SliError extends Error {
  override name = "SliError";
}

/** A counter selector as written (`http_requests_total{status=~"5.."}`), normalised; anything else is refused. */
export function counterSelector(text: string, field: string): string {
  let e: Expr;
  try {
    e = parsePromQL(text);
  } catch (err) {
    throw new SliError(`${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (e.kind !== "vector")
    throw new SliError(`${field} must be a counter selector such as http_requests_total{status=~"5.."}`);
  if (e.offsetMs !== 0 || e.at !== undefined) throw new SliError(`${field}: offset and @ are not allowed here`);
  return formatExpr(e);
}

/** A threshold SLI's query must give an instant vector. */
export function instantQuery(text: string, field: string): string {
  let e: Expr;
  try {
    e = parsePromQL(text);
  } catch (err) {
    throw new SliError(`${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (e.kind === "matrix" || e.kind === "subquery" || e.kind === "string")
    throw new SliError(`${field} must give an instant vector or a scalar, not a range`);
  return formatExpr(e);
}

const by = (groupBy: readonly string[]) => (groupBy.length ? ` by (${groupBy.join(", ")})` : "");

/** The queries a roll-up evaluates at each minute's end, over that minute. */
export function rollupQueries(sli: Sli, groupBy: readonly string[]): { good?: string; bad?: string; total: string } {
  const w = formatDuration(BUCKET_MS);
  if (sli.kind === "ratio") {
    const inc = (sel: string) => `sum${by(groupBy)} (increase(${sel}[${w}]))`;
    return {
      total: inc(sli.total),
      ...(sli.good ? { good: inc(sli.good) } : {}),
      ...(sli.bad ? { bad: inc(sli.bad) } : {}),
    };
  }
  // One event per minute that has a value; it is good when the value meets the threshold.
  return {
    total: `count${by(groupBy)} (${sli.query})`,
    good: `count${by(groupBy)} ((${sli.query}) ${sli.operator} ${sli.threshold})`,
  };
}

/** The bad ratio over `windowMs` on raw data, per group. */
function badRatioQuery(sli: Sli, groupBy: readonly string[], windowMs: number): string {
  const w = formatDuration(windowMs);
  if (sli.kind === "ratio") {
    const inc = (sel: string) => `sum${by(groupBy)} (increase(${sel}[${w}]))`;
    const bad = sli.bad ? inc(sli.bad) : `(${inc(sli.total)} - ${inc(sli.good!)})`;
    return `(${bad} / ${inc(sli.total)})`;
  }
  const good = `count_over_time(((${sli.query}) ${sli.operator} ${sli.threshold})[${w}:1m])`;
  const total = `count_over_time((${sli.query})[${w}:1m])`;
  return `(1 - sum${by(groupBy)} (${good}) / sum${by(groupBy)} (${total}))`;
}

/** The burn rate of one multi-window policy on raw data: the lower of the long and short windows' burn rates
 * (`a <= b or b` is PromQL's element-wise minimum). */
export function burnQuery(
  sli: Sli,
  groupBy: readonly string[],
  objective: number,
  longWindowMs: number,
  shortWindowMs: number,
): string {
  const budget = Number((1 - objective).toPrecision(12));
  const long = `(${badRatioQuery(sli, groupBy, longWindowMs)} / ${budget})`;
  const short = `(${badRatioQuery(sli, groupBy, shortWindowMs)} / ${budget})`;
  return `(${long} <= ${short}) or ${short}`;
}

/** The bad events per second, for DDx on what spends the budget (a ratio SLI's bad or total-minus-good). */
export function badEventsQuery(sli: Sli): string | null {
  if (sli.kind !== "ratio") return null;
  if (sli.bad) return `sum(rate(${sli.bad}[5m]))`;
  return `sum(rate(${sli.total}[5m])) - sum(rate(${sli.good}[5m]))`;
}
