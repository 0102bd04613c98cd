// Which parts of an expression the shards evaluate (Mimir's query sharding, on our shards): an aggregation
// over a per-series expression becomes per-shard partial aggregates merged in the Worker; a per-series
// expression elsewhere (a selector, rate(x[5m]), abs(x) * 100 ...) returns its step values instead of raw
// samples. Everything above those nodes (binary matching, histogram_quantile, subqueries ...) still runs
// in the Worker's evaluator over the merged values.
import type { Aggregate, Expr, VectorSelector } from "../ast";
import { scalarScalar } from "../binary";
import { MATH } from "../functions";
import { RANGE_FUNCTIONS } from "../range-functions";
import type { LabelMatcher } from "../types";
import { dropsName } from "./series-steps";
import { type AggSpec, type Fragment, type Grid, gridSteps, leafOf, MAX_GRID_STEPS, type SeriesExpr } from "./spec";

export interface PlanOptions {
  lookbackMs: number;
  leftOpen: boolean;
  /** The matchers as storage must apply them (Prometheus 3 mode wraps regexes as `(?s:re)`). */
  matchers?: (ms: LabelMatcher[]) => LabelMatcher[];
  subqueryStepMs: number;
  /** Query bounds (for `@ start()` / `@ end()`). */
  start: number;
  end: number;
  /** An instant query: its output order is visible, so fragments keep first-appearance order. */
  instant: boolean;
}

export interface PlannedFragment {
  node: Expr;
  fragment: Fragment;
  /** Runs as partial window states merged across storage partitions (PushdownPort.runAcross). */
  across?: boolean;
}

const ORDER_SENSITIVE_CALLS = new Set(["sort", "sort_desc", "sort_by_label", "sort_by_label_desc"]);

function unwrap(e: Expr): Expr {
  return e.kind === "paren" ? unwrap(e.expr) : e;
}

/** A scalar that does not depend on time or data, folded exactly as the evaluator folds it. */
export function constScalar(e: Expr): number | null {
  switch (e.kind) {
    case "number":
      return e.value;
    case "paren":
      return constScalar(e.expr);
    case "unary": {
      const v = constScalar(e.expr);
      return v === null ? null : e.op === "-" ? -v : v;
    }
    case "binary": {
      if (e.matching) return null;
      const l = constScalar(e.lhs);
      const r = l === null ? null : constScalar(e.rhs);
      if (l === null || r === null) return null;
      try {
        return scalarScalar(e.op, l, r, e.returnBool);
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}

function resolveAt(at: VectorSelector["at"], o: PlanOptions): number | null {
  return at === undefined ? null : at === "start" ? o.start : at === "end" ? o.end : at;
}

/** The per-series form of `e`, or null when `e` needs more than one series at a step. */
export function seriesExprOf(e: Expr, o: PlanOptions): SeriesExpr | null {
  switch (e.kind) {
    case "paren":
      return seriesExprOf(e.expr, o);
    case "vector":
      return {
        k: "sel",
        matchers: o.matchers?.(e.matchers) ?? e.matchers,
        offsetMs: e.offsetMs,
        at: resolveAt(e.at, o),
      };
    case "unary": {
      const x = seriesExprOf(e.expr, o);
      return x && (e.op === "+" ? x : { k: "neg", x });
    }
    case "binary": {
      if (e.matching || e.op === "and" || e.op === "or" || e.op === "unless") return null;
      const rs = constScalar(e.rhs);
      if (rs !== null) {
        const x = seriesExprOf(e.lhs, o);
        return x && { k: "scalar", op: e.op, x, s: rs, swap: false, bool: e.returnBool };
      }
      const ls = constScalar(e.lhs);
      if (ls === null) return null;
      const x = seriesExprOf(e.rhs, o);
      return x && { k: "scalar", op: e.op, x, s: ls, swap: true, bool: e.returnBool };
    }
    case "call":
      return callExpr(e.func, e.args, o);
    default:
      return null;
  }
}

function callExpr(f: string, args: Expr[], o: PlanOptions): SeriesExpr | null {
  if (f in RANGE_FUNCTIONS) {
    const withArg = f === "quantile_over_time" ? 0 : f === "predict_linear" ? 1 : -1;
    const m = unwrap(args[withArg === 0 ? 1 : 0]);
    if (m.kind !== "matrix") return null;
    const arg = withArg >= 0 ? constScalar(args[withArg]) : 0;
    if (arg === null) return null;
    const v = m.vector;
    return {
      k: "range",
      f,
      matchers: o.matchers?.(v.matchers) ?? v.matchers,
      rangeMs: m.rangeMs,
      offsetMs: v.offsetMs,
      at: resolveAt(v.at, o),
      arg,
    };
  }
  if (f in MATH) {
    const x = seriesExprOf(args[0], o);
    return x && { k: "math", f, x };
  }
  if (f === "clamp" || f === "clamp_min" || f === "clamp_max" || f === "round") {
    const x = seriesExprOf(args[0], o);
    const c = args.slice(1).map(constScalar);
    if (!x || c.some((v) => v === null)) return null;
    const [a, b] = c as number[];
    if (f === "round") return { k: "round", x, to: a ?? 1 };
    if (f === "clamp") return { k: "clamp", x, min: a, max: b };
    return f === "clamp_min" ? { k: "clamp", x, min: a, max: Infinity } : { k: "clamp", x, min: -Infinity, max: a };
  }
  return null;
}

/** Dropping the name of series whose name is not pinned can make two series one label set. */
function mayCollide(x: SeriesExpr): boolean {
  return dropsName(x) && !leafOf(x).matchers.some((m) => m.name === "__name__" && m.op === "=");
}

function aggSpecOf(e: Aggregate): AggSpec | null {
  const base = { op: e.op, grouping: e.grouping, without: e.without };
  if (e.op === "topk" || e.op === "bottomk" || e.op === "quantile") {
    const p = e.param ? constScalar(e.param) : null;
    if (p === null) return null;
    // Leave the evaluator to refuse a bad k, and skip the work of an empty topk.
    if (e.op !== "quantile" && (Number.isNaN(p) || Math.abs(p) >= 2 ** 63 || Math.trunc(p) < 1)) return null;
    return { ...base, param: p };
  }
  if (e.op === "count_values") {
    const p = e.param && unwrap(e.param);
    if (!p || p.kind !== "string" || p.value === "") return null;
    return { ...base, param: p.value };
  }
  return base;
}

/** Walks the expression with the grid each node is evaluated on. */
export function planPushdown(expr: Expr, grid: Grid, o: PlanOptions): PlannedFragment[] {
  const out: PlannedFragment[] = [];
  const push = (node: Expr, x: SeriesExpr, g: Grid, order: boolean, agg?: AggSpec): void => {
    out.push({ node, fragment: { expr: x, agg, grid: g, lookbackMs: o.lookbackMs, leftOpen: o.leftOpen, order } });
  };
  const walk = (e: Expr, g: Grid, order: boolean): void => {
    // A grid too fine to ship (a long subquery at a small step) stays on the raw path.
    if (gridSteps(g) > MAX_GRID_STEPS) return;
    if (e.kind === "aggregate") {
      const x = seriesExprOf(e.expr, o);
      const agg = aggSpecOf(e);
      if (x && agg && !mayCollide(x)) return push(e, x, g, order, agg);
      if (e.param) walk(e.param, g, order);
      return walk(e.expr, g, order || e.op === "topk" || e.op === "bottomk");
    }
    const x = e.kind === "paren" || e.kind === "number" ? null : seriesExprOf(e, o);
    if (x) return push(e, x, g, order);
    switch (e.kind) {
      case "paren":
      case "unary":
        return walk(e.expr, g, order);
      case "binary": {
        // Vector matching reports the first duplicate it meets, so its operands' order is visible.
        const o2 = order || e.matching !== undefined;
        walk(e.lhs, g, o2);
        return walk(e.rhs, g, o2);
      }
      case "subquery":
        return walk(e.expr, subqueryGrid(e, g, o), order);
      case "call":
        // timestamp() reads its selector's raw samples directly: leave that selector to the raw path.
        if (e.func === "timestamp" && unwrap(e.args[0]).kind === "vector") return;
        for (const a of e.args) walk(a, g, order || ORDER_SENSITIVE_CALLS.has(e.func));
    }
  };
  walk(expr, grid, o.instant);
  return out;
}

/** The aligned inner steps a subquery evaluates over all outer steps of `g` (evaluator.subquery). */
function subqueryGrid(e: Extract<Expr, { kind: "subquery" }>, g: Grid, o: PlanOptions): Grid {
  const step = e.stepMs || o.subqueryStepMs;
  const at = resolveAt(e.at, o);
  // Up to the grid's end, not its last step: the evaluator's prefill materializes inner steps to the query end.
  const firstRef = (at ?? g.start) - e.offsetMs;
  const lastRef = (at ?? g.end) - e.offsetMs;
  const lo = firstRef - e.rangeMs;
  let first = Math.floor(lo / step) * step;
  if (first < lo || (o.leftOpen && first === lo)) first += step;
  const last = Math.floor(lastRef / step) * step;
  return { start: first, end: Math.max(first, last), step };
}
