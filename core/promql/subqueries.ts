// Subqueries: the inner expression is evaluated once per aligned inner step, as Prometheus does over the whole
// query range, and kept (its points count against the query's sample budget). Before the synchronous
// evaluation starts, `prefill` computes every inner step the query will need, innermost first, in slices that
// yield to the event loop, so a deep subquery cannot hold the isolate.
import type { Expr, Subquery } from "./ast";
import type { QueryBudget } from "./budget";
import { labelsKey } from "./labels";
import type { FloatHistogram } from "../histogram/float-histogram";
import type { Labels } from "./types";
import type { Sample, Series, Value } from "./value";

interface Materialized {
  lo: number;
  hi: number;
  /** Floats and histograms apart, as a range selector hands them out. */
  series: Map<string, { labels: Labels; ts: number[]; vs: number[]; hts: number[]; hs: FloatHistogram[] }>;
}

export interface SubqueryContext {
  start: number;
  end: number;
  leftOpen: boolean;
  subqueryStepMs: number;
  budget: QueryBudget;
}

/** First index with ts[i] > x. */
function upperBound(ts: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Subqueries {
  private readonly cache = new Map<Subquery, Materialized>();

  constructor(
    private readonly ctx: SubqueryContext,
    private readonly evalVector: (e: Expr, t: number) => Sample[],
  ) {}

  private atTime(at: Subquery["at"], t: number): number {
    if (at === undefined) return t;
    return at === "start" ? this.ctx.start : at === "end" ? this.ctx.end : at;
  }

  /** Aligned inner steps [first, last] of `e` for the outer evaluation time t. */
  private steps(e: Subquery, t: number): { step: number; lo: number; ref: number; first: number; last: number } {
    const ref = this.atTime(e.at, t) - e.offsetMs;
    const step = e.stepMs || this.ctx.subqueryStepMs;
    const lo = ref - e.rangeMs;
    let first = Math.floor(lo / step) * step;
    if (first < lo || (this.ctx.leftOpen && first === lo)) first += step;
    return { step, lo, ref, first, last: Math.floor(ref / step) * step };
  }

  /** The range vector of `e` at outer time t. */
  window(e: Subquery, t: number): Extract<Value, { kind: "matrix" }> {
    const { step, lo, ref, first, last } = this.steps(e, t);
    const mat = this.materialize(e, step, first, last);
    const series: Series[] = [];
    for (const s of mat.series.values()) {
      const i = upperBound(s.ts, first - 1);
      const j = upperBound(s.ts, last);
      if (s.hs.length > 0) {
        const k = upperBound(s.hts, first - 1);
        const l = upperBound(s.hts, last);
        if (j > i || l > k)
          series.push({
            labels: s.labels,
            ts: s.ts.slice(i, j),
            vs: s.vs.slice(i, j),
            hts: s.hts.slice(k, l),
            hs: s.hs.slice(k, l),
          });
      } else if (j > i) series.push({ labels: s.labels, ts: s.ts.slice(i, j), vs: s.vs.slice(i, j) });
    }
    this.ctx.budget.tick();
    return { kind: "matrix", series, rangeStart: lo, rangeEnd: ref, rangeMs: e.rangeMs };
  }

  private materialize(e: Subquery, step: number, first: number, last: number): Materialized {
    let mat = this.cache.get(e);
    if (!mat || first < mat.lo) {
      mat = { lo: first, hi: first - step, series: new Map() };
      this.cache.set(e, mat);
    }
    for (let tt = mat.hi + step; tt <= last; tt += step) this.step(e, mat, tt);
    return mat;
  }

  private step(e: Subquery, mat: Materialized, tt: number): void {
    const samples = this.evalVector(e.expr, tt);
    for (const s of samples) {
      const k = labelsKey(s.labels);
      let ser = mat.series.get(k);
      if (!ser) mat.series.set(k, (ser = { labels: s.labels, ts: [], vs: [], hts: [], hs: [] }));
      if (s.h) {
        ser.hts.push(tt);
        ser.hs.push(s.h);
      } else {
        ser.ts.push(tt);
        ser.vs.push(s.v);
      }
    }
    this.ctx.budget.hold(samples.length);
    this.ctx.budget.tick();
    mat.hi = tt;
  }

  /** Materialize, in yielding slices, every inner step that evaluating `e` at times [s, en] will read. */
  async prefill(e: Expr, s: number, en: number): Promise<void> {
    switch (e.kind) {
      case "subquery": {
        const a = this.steps(e, s);
        const b = this.steps(e, en);
        // What the inner expression needs, innermost first: its own subqueries over the inner steps.
        await this.prefill(e.expr, a.first, b.last);
        const mat = this.materialize(e, a.step, a.first, a.first - a.step);
        for (let tt = mat.hi + a.step; tt <= b.last; tt += a.step) {
          this.step(e, mat, tt);
          await this.ctx.budget.yieldIfDue();
        }
        return;
      }
      case "paren":
      case "unary":
        return this.prefill(e.expr, s, en);
      case "binary":
        await this.prefill(e.lhs, s, en);
        return this.prefill(e.rhs, s, en);
      case "aggregate":
        if (e.param) await this.prefill(e.param, s, en);
        return this.prefill(e.expr, s, en);
      case "call":
        for (const x of e.args) await this.prefill(x, s, en);
        return;
      default:
        return;
    }
  }
}
