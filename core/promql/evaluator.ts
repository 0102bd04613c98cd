// Evaluates an AST at one timestamp over preloaded series. Pure and synchronous: all I/O happened before.
import type { Call, Expr, VectorSelector } from "./ast";
import type { QueryBudget } from "./budget";
import { aggregate } from "./aggregate";
import { scalarScalar, vectorScalar, vectorVector } from "./binary";
import { PromQLError } from "./errors";
import {
  clamp,
  dateFunction,
  DATE,
  labelJoin,
  labelReplace,
  mapValues,
  MATH,
  round,
  sortByLabel,
  sortVector,
} from "./functions";
import {
  type Annotation,
  type Annotations,
  badBucketLabel,
  forcedMonotonicity,
  invalidQuantile,
  mightNotBeCounter,
  mixedClassicNativeHistograms,
  mixedFloatsHistograms,
  mixedFloatsHistogramsAggregation,
  possibleNonCounter,
} from "./annotations";
import { mixedHistogramQuantile } from "./histogram";
import { positionOf } from "./positions";
import { scaleHistogram } from "../histogram/ops";
import { aggregateWithHistograms } from "./native-aggregate";
import {
  applyRangeWithHistograms,
  floatsOnly,
  HISTOGRAM_FUNCTIONS,
  HISTOGRAM_RANGE,
  histogramFunction,
  nativeQuantile,
} from "./native-functions";
import { dropName, labelsKey } from "./labels";
import { applyRangeFunction, holtWinters, RANGE_FUNCTIONS } from "./range-functions";
import { WindowCursors } from "./range-window";
import type { LoadedSeries } from "./loaded-series";
import type { Precomputed } from "./pushdown/merge";
import { annotatePushed } from "./pushdown/notes";
import { Subqueries } from "./subqueries";

export type { LoadedSeries };
import type { FloatHistogram } from "../histogram/float-histogram";
import type { Labels } from "./types";
import type { Sample, Series, Value } from "./value";

/** One series of a range query: index-aligned `hs` holds the histogram where a point is one. */
export interface RangeSeries {
  labels: Labels;
  ts: number[];
  vs: number[];
  hs?: (FloatHistogram | undefined)[];
}

export interface EvalContext {
  /** Query bounds, for `@ start()` / `@ end()`. */
  start: number;
  end: number;
  lookbackMs: number;
  /** Left edge of lookback and ranges is inclusive in Prometheus 2.x, exclusive from 3.0. */
  leftOpen: boolean;
  /** Prometheus 3 semantics where they differ from 2.x outside the windows (label names, regex `.`). */
  prometheus3: boolean;
  subqueryStepMs: number;
  data: Map<VectorSelector, LoadedSeries[]>;
  /** Samples held and the deadline, checked inside the loops. */
  budget: QueryBudget;
  /** Nodes evaluated where the data lives (pushdown): their value at t comes from here. */
  precomputed?: Map<Expr, Precomputed>;
  /** The query's warnings and infos. */
  annotations?: Annotations;
}

const validQuantile = (q: number) => q >= 0 && q <= 1;

/** First index with ts[i] > x. */
export function upperBound(ts: ArrayLike<number>, x: number): number {
  let lo = 0,
    hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const vector = (samples: Sample[]): Value => ({ kind: "vector", samples });

function unwrap(e: Expr): Expr {
  return e.kind === "paren" ? unwrap(e.expr) : e;
}

function absentLabels(arg: Expr): Labels {
  const sel = arg.kind === "vector" ? arg : arg.kind === "matrix" ? arg.vector : null;
  const out: Labels = {};
  if (!sel) return out;
  const drop: string[] = [];
  for (const m of sel.matchers) {
    if (m.name === "__name__") continue;
    if (m.op === "=" && out[m.name] === undefined) {
      if (m.value !== "") out[m.name] = m.value;
    } else drop.push(m.name);
  }
  for (const n of drop) delete out[n];
  return out;
}

export class Evaluator {
  private readonly cursors = new Map<Expr, WindowCursors>();
  private readonly histogramSelectors = new Map<VectorSelector, boolean>();
  /** rate/increase over a selector: the series whose name is not a counter's, not yet annotated. */
  private readonly counterSuspects = new Map<Expr, number[]>();
  readonly subqueries: Subqueries;

  constructor(private readonly ctx: EvalContext) {
    this.subqueries = new Subqueries(ctx, (e, t) => this.vec(this.eval(e, t)));
  }

  private atTime(at: number | "start" | "end" | undefined, t: number): number {
    if (at === undefined) return t;
    return at === "start" ? this.ctx.start : at === "end" ? this.ctx.end : at;
  }

  eval(e: Expr, t: number): Value {
    const pushed = this.ctx.precomputed?.get(e);
    if (pushed) {
      // Noted where the step-by-step evaluation notes them: for one text the latest position wins.
      if (pushed.notes && this.ctx.annotations) annotatePushed(e, pushed.notes, this.ctx.annotations);
      return pushed.at(t);
    }
    switch (e.kind) {
      case "number":
        return { kind: "scalar", v: e.value };
      case "string":
        return { kind: "string", s: e.value };
      case "paren":
        return this.eval(e.expr, t);
      case "vector":
        return vector(this.selectVector(e, t));
      case "matrix":
        return this.selectMatrix(e.vector, e.rangeMs, t);
      case "subquery":
        return this.subqueries.window(e, t);
      case "unary": {
        const v = this.eval(e.expr, t);
        if (e.op === "+") return v;
        if (v.kind === "scalar") return { kind: "scalar", v: -v.v };
        return this.checked(
          vector(
            this.vec(v).map((s) =>
              s.h
                ? { labels: dropName(s.labels), v: 0, h: scaleHistogram(s.h, -1) }
                : { labels: dropName(s.labels), v: -s.v },
            ),
          ),
        );
      }
      case "binary": {
        const l = this.eval(e.lhs, t);
        const r = this.eval(e.rhs, t);
        if (l.kind === "scalar" && r.kind === "scalar")
          return { kind: "scalar", v: scalarScalar(e.op, l.v, r.v, e.returnBool) };
        if (l.kind === "vector" && r.kind === "scalar")
          return this.checked(vector(vectorScalar(e.op, l.samples, r.v, false, e.returnBool)));
        if (l.kind === "scalar" && r.kind === "vector")
          return this.checked(vector(vectorScalar(e.op, r.samples, l.v, true, e.returnBool)));
        return this.checked(vector(vectorVector(e, this.vec(l), this.vec(r))));
      }
      case "aggregate": {
        const input = this.vec(this.eval(e.expr, t));
        let param: number | string | undefined;
        if (e.param) {
          const p = this.eval(e.param, t);
          param = p.kind === "scalar" ? p.v : p.kind === "string" ? p.s : undefined;
        }
        if (e.op === "quantile" && typeof param === "number" && !validQuantile(param))
          this.note(invalidQuantile(param, e.param && positionOf(e.param)));
        return vector(
          input.some((s) => s.h)
            ? aggregateWithHistograms(e, input, param, () =>
                this.note(mixedFloatsHistogramsAggregation(positionOf(e.expr))),
              )
            : aggregate(e, input, param),
        );
      }
      case "call":
        return this.call(e, t);
    }
  }

  private note(a: Annotation): void {
    this.ctx.annotations?.add(a);
  }

  /** Prometheus' info for rate/increase over series whose name does not end like a counter's, once a window of
   * theirs holds a float. The fused path asks the cursors; the matrix path passes the windows. */
  private suspectCounters(f: string, arg: Expr, cur: WindowCursors | null, windows: Series[] | null): void {
    if (f !== "rate" && f !== "increase") return;
    const pos = positionOf(arg);
    if (windows) {
      for (const s of windows)
        if (s.ts.length > 0 && mightNotBeCounter(s.labels.__name__))
          this.note(possibleNonCounter(s.labels.__name__, pos));
      return;
    }
    if (arg.kind !== "matrix" || !cur) return;
    const series = this.ctx.data.get(arg.vector) ?? [];
    let left = this.counterSuspects.get(arg);
    if (!left) {
      left = [];
      for (let k = 0; k < series.length; k++) if (mightNotBeCounter(series[k].labels.__name__)) left.push(k);
      this.counterSuspects.set(arg, left);
    }
    if (left.length === 0) return;
    const hit = cur.withSamples(left);
    if (hit.length === 0) return;
    const named = new Set(hit.map((k) => series[k].labels.__name__));
    for (const n of named) this.note(possibleNonCounter(n, pos));
    // One info per name: series of a name already reported need no further look.
    this.counterSuspects.set(
      arg,
      left.filter((k) => !named.has(series[k].labels.__name__)),
    );
  }

  private vec(v: Value): Sample[] {
    if (v.kind !== "vector") throw new PromQLError("internal", `expected instant vector, got ${v.kind}`);
    return v.samples;
  }

  /** The float samples of an instant vector: per-sample float functions skip histograms, as Prometheus. */
  private floats(e: Expr, t: number): Sample[] {
    return floatsOnly(this.vec(this.eval(e, t)));
  }

  /** Whether a selector's loaded series hold any native histogram (then range functions that read
   * histograms take the matrix path instead of the fused float cursors). */
  private hasHistograms(sel: VectorSelector): boolean {
    let v = this.histogramSelectors.get(sel);
    if (v === undefined) {
      v = (this.ctx.data.get(sel) ?? []).some((s) => s.hs !== null);
      this.histogramSelectors.set(sel, v);
    }
    return v;
  }

  private scalar(e: Expr, t: number): number {
    const v = this.eval(e, t);
    if (v.kind !== "scalar") throw new PromQLError("internal", `expected scalar, got ${v.kind}`);
    return v.v;
  }

  private str(e: Expr, t: number): string {
    const v = this.eval(e, t);
    if (v.kind !== "string") throw new PromQLError("internal", `expected string, got ${v.kind}`);
    return v.s;
  }

  private checked(v: Value): Value {
    if (v.kind !== "vector" || v.samples.length < 2) return v;
    const seen = new Set<string>();
    for (const s of v.samples) {
      const k = labelsKey(s.labels);
      if (seen.has(k)) throw new PromQLError("execution", "vector cannot contain metrics with the same labelset");
      seen.add(k);
    }
    return v;
  }

  selectVector(e: VectorSelector, t: number): Sample[] {
    const ref = this.atTime(e.at, t) - e.offsetMs;
    const min = ref - this.ctx.lookbackMs;
    const out: Sample[] = [];
    for (const s of this.ctx.data.get(e) ?? []) {
      const i = upperBound(s.ts, ref) - 1;
      if (i < 0) continue;
      const ts = s.ts[i];
      if (ts < min || (this.ctx.leftOpen && ts === min)) continue;
      if (s.stale && s.stale[i]) continue;
      const h = s.hs?.[i];
      out.push(h ? { labels: s.labels, v: 0, t: ts, h } : { labels: s.labels, v: s.vs[i], t: ts });
    }
    this.ctx.budget.tick();
    return out;
  }

  precomputed(e: Expr): Precomputed | undefined {
    return this.ctx.precomputed?.get(e);
  }

  loaded(e: VectorSelector): LoadedSeries[] {
    return this.ctx.data.get(e) ?? [];
  }

  /** A range query of a bare selector, series by series: one forward walk per series and no per-step
   * sample objects. Same points as `selectVector` at each t in start, start+step, ... <= end. */
  selectorRange(e: VectorSelector, start: number, end: number, step: number): RangeSeries[] {
    const out: RangeSeries[] = [];
    for (const s of this.ctx.data.get(e) ?? []) {
      const ts: number[] = [];
      const vs: number[] = [];
      const hs: (FloatHistogram | undefined)[] | undefined = s.hs ? [] : undefined;
      let j = 0;
      let prevRef = -Infinity;
      for (let t = start; t <= end; t += step) {
        const ref = this.atTime(e.at, t) - e.offsetMs;
        if (ref < prevRef) j = 0;
        prevRef = ref;
        while (j < s.ts.length && s.ts[j] <= ref) j++;
        const i = j - 1;
        if (i < 0) continue;
        const st = s.ts[i];
        const min = ref - this.ctx.lookbackMs;
        if (st < min || (this.ctx.leftOpen && st === min)) continue;
        if (s.stale && s.stale[i]) continue;
        ts.push(t);
        const h = s.hs?.[i];
        vs.push(h ? 0 : s.vs[i]);
        if (hs) hs.push(h);
      }
      this.ctx.budget.tick();
      if (ts.length) out.push(hs ? { labels: s.labels, ts, vs, hs } : { labels: s.labels, ts, vs });
    }
    return out;
  }

  selectMatrix(e: VectorSelector, rangeMs: number, t: number): Extract<Value, { kind: "matrix" }> {
    const ref = this.atTime(e.at, t) - e.offsetMs;
    const lo = ref - rangeMs;
    const series: Series[] = [];
    for (const s of this.ctx.data.get(e) ?? []) {
      const all = s.liveTs;
      let i = upperBound(all, lo - 1);
      if (this.ctx.leftOpen) while (i < all.length && all[i] <= lo) i++;
      const end = upperBound(all, ref);
      if (s.liveHs.length > 0) {
        const hts = s.liveHts;
        let k = upperBound(hts, lo - 1);
        if (this.ctx.leftOpen) while (k < hts.length && hts[k] <= lo) k++;
        const kEnd = upperBound(hts, ref);
        if (i >= end && k >= kEnd) continue;
        const hs = s.liveHs.slice(k, kEnd);
        const fts = all.subarray(i, Math.max(i, end));
        series.push({
          labels: s.labels,
          ts: fts,
          vs: s.liveVs.subarray(i, Math.max(i, end)),
          hts: hts.subarray(k, kEnd),
          hs,
        });
        continue;
      }
      if (i >= end) continue;
      series.push({ labels: s.labels, ts: all.subarray(i, end), vs: s.liveVs.subarray(i, end) });
    }
    this.ctx.budget.tick();
    return { kind: "matrix", series, rangeStart: lo, rangeEnd: ref, rangeMs };
  }

  /** `f(selector[range])` without materializing the matrix (see range-window.ts). */
  private fusedRange(f: string, arg: Extract<Expr, { kind: "matrix" }>, a: Expr[], t: number): Value {
    const sel = arg.vector;
    let cur = this.cursors.get(arg);
    if (!cur) this.cursors.set(arg, (cur = new WindowCursors(this.ctx.data.get(sel) ?? [])));
    const ref = this.atTime(sel.at, t) - sel.offsetMs;
    const lo = ref - arg.rangeMs;
    cur.seek(lo, ref, this.ctx.leftOpen);
    const scalarArg =
      f === "quantile_over_time" ? this.scalar(a[0], t) : f === "predict_linear" ? this.scalar(a[1], t) : 0;
    const { samples, distinct } = cur.apply(f, lo, ref, arg.rangeMs, t, scalarArg);
    this.suspectCounters(f, arg, cur, null);
    if (f === "quantile_over_time" && samples.length > 0 && !validQuantile(scalarArg))
      this.note(invalidQuantile(scalarArg, positionOf(a[0])));
    this.ctx.budget.tick();
    const v = vector(samples);
    return distinct ? v : this.checked(v);
  }

  private smoothing(a: Expr[], t: number): Value {
    const m = this.eval(a[0], t);
    if (m.kind !== "matrix") throw new PromQLError("internal", "expected range vector in holt_winters");
    const sf = this.scalar(a[1], t);
    const tf = this.scalar(a[2], t);
    const out: Sample[] = [];
    for (const s of m.series) {
      const v = holtWinters(s.vs, sf, tf);
      if (v !== undefined) out.push({ labels: dropName(s.labels), v });
    }
    return this.checked(vector(out));
  }

  private call(e: Call, t: number): Value {
    const f = e.func;
    const a = e.args;
    if (f in RANGE_FUNCTIONS) {
      const mIdx = f === "quantile_over_time" ? 1 : 0;
      const arg = unwrap(a[mIdx]);
      if (arg.kind === "matrix" && !(HISTOGRAM_RANGE.has(f) && this.hasHistograms(arg.vector)))
        return this.fusedRange(f, arg, a, t);
      const m = this.eval(a[mIdx], t);
      if (m.kind !== "matrix") throw new PromQLError("internal", `expected range vector in ${f}`);
      const scalarArg =
        f === "quantile_over_time" ? this.scalar(a[0], t) : f === "predict_linear" ? this.scalar(a[1], t) : 0;
      const withHistograms = m.series.some((s) => s.hs && s.hs.length > 0);
      const pos = positionOf(a[mIdx]);
      const out = withHistograms
        ? applyRangeWithHistograms(f, m, t, scalarArg, (s) =>
            this.note(mixedFloatsHistograms(s.labels.__name__ ?? "", pos)),
          )
        : applyRangeFunction(f, m, t, scalarArg);
      this.suspectCounters(f, a[mIdx], null, m.series);
      if (f === "quantile_over_time" && out.length > 0 && !validQuantile(scalarArg))
        this.note(invalidQuantile(scalarArg, positionOf(a[0])));
      return this.checked(vector(out));
    }
    if (f in MATH) return this.checked(vector(mapValues(this.floats(a[0], t), MATH[f])));
    if (HISTOGRAM_FUNCTIONS.has(f)) {
      if (f !== "histogram_fraction") return this.checked(vector(histogramFunction(f, this.vec(this.eval(a[0], t)))));
      const [lower, upper] = [this.scalar(a[0], t), this.scalar(a[1], t)];
      return this.checked(vector(histogramFunction(f, this.vec(this.eval(a[2], t)), lower, upper)));
    }
    if (f in DATE) {
      const input = a.length ? this.floats(a[0], t) : [{ labels: {}, v: t / 1000 }];
      return this.checked(vector(dateFunction(f, input)));
    }
    switch (f) {
      case "time":
        return { kind: "scalar", v: t / 1000 };
      case "pi":
        return { kind: "scalar", v: Math.PI };
      case "vector":
        return vector([{ labels: {}, v: this.scalar(a[0], t) }]);
      case "scalar": {
        const v = this.floats(a[0], t);
        return { kind: "scalar", v: v.length === 1 ? v[0].v : NaN };
      }
      case "timestamp": {
        const arg = unwrap(a[0]);
        const input = arg.kind === "vector" ? this.selectVector(arg, t) : this.vec(this.eval(arg, t));
        return this.checked(
          vector(input.map((s) => ({ labels: dropName(s.labels), v: (arg.kind === "vector" ? s.t! : t) / 1000 }))),
        );
      }
      case "absent": {
        const v = this.vec(this.eval(a[0], t));
        return vector(v.length ? [] : [{ labels: absentLabels(a[0]), v: 1 }]);
      }
      case "absent_over_time": {
        const m = this.eval(a[0], t);
        const present = m.kind === "matrix" && m.series.some((s) => s.ts.length > 0 || (s.hs?.length ?? 0) > 0);
        return vector(present ? [] : [{ labels: absentLabels(a[0]), v: 1 }]);
      }
      case "clamp":
        return this.checked(vector(clamp(this.floats(a[0], t), this.scalar(a[1], t), this.scalar(a[2], t))));
      case "clamp_min":
        return this.checked(vector(clamp(this.floats(a[0], t), this.scalar(a[1], t), Infinity)));
      case "clamp_max":
        return this.checked(vector(clamp(this.floats(a[0], t), -Infinity, this.scalar(a[1], t))));
      case "round":
        return this.checked(vector(round(this.floats(a[0], t), a[1] ? this.scalar(a[1], t) : 1)));
      case "holt_winters":
      case "double_exponential_smoothing":
        return this.smoothing(a, t);
      case "histogram_quantile": {
        const q = this.scalar(a[0], t);
        const input = this.vec(this.eval(a[1], t));
        if (!validQuantile(q)) this.note(invalidQuantile(q, positionOf(a[0])));
        const pos = positionOf(a[1]);
        return this.checked(
          vector(
            mixedHistogramQuantile(q, input, nativeQuantile, {
              badBucketLabel: (name, le) => this.note(badBucketLabel(name, le, pos)),
              forcedMonotonicity: (name) => this.note(forcedMonotonicity(name, pos)),
              mixedClassicNative: (name) => this.note(mixedClassicNativeHistograms(name, pos)),
            }),
          ),
        );
      }
      case "label_replace":
        return this.checked(
          vector(
            labelReplace(
              this.vec(this.eval(a[0], t)),
              this.str(a[1], t),
              this.str(a[2], t),
              this.str(a[3], t),
              this.str(a[4], t),
              this.ctx.prometheus3,
            ),
          ),
        );
      case "label_join":
        return this.checked(
          vector(
            labelJoin(
              this.vec(this.eval(a[0], t)),
              this.str(a[1], t),
              this.str(a[2], t),
              a.slice(3).map((x) => this.str(x, t)),
              this.ctx.prometheus3,
            ),
          ),
        );
      case "sort":
        return vector(sortVector(this.vec(this.eval(a[0], t)), false));
      case "sort_desc":
        return vector(sortVector(this.vec(this.eval(a[0], t)), true));
      case "sort_by_label":
        return vector(
          sortByLabel(
            this.vec(this.eval(a[0], t)),
            a.slice(1).map((x) => this.str(x, t)),
            false,
          ),
        );
      case "sort_by_label_desc":
        return vector(
          sortByLabel(
            this.vec(this.eval(a[0], t)),
            a.slice(1).map((x) => this.str(x, t)),
            true,
          ),
        );
    }
    throw new PromQLError("bad_data", `function ${JSON.stringify(f)} is not supported`);
  }
}
