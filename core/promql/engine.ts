// The PromQL engine: parse, plan the time range of every selector, preload all series in parallel through
// the SeriesSource (matchers and time range pushed down), then evaluate synchronously step by step.
import type { FloatHistogram } from "../histogram/float-histogram";
import { Annotations } from "./annotations";
import type { Expr, VectorSelector } from "./ast";
import { PromQLError } from "./errors";
import { Evaluator, type LoadedSeries, type RangeSeries } from "./evaluator";
import { formatJsonValue } from "./format-float";
import { type MatrixItem, type Point, stepsItem, type VectorItem, vectorItem, windowItem } from "./query-json";
import { compareLabels, labelsKey } from "./labels";
import { parsePromQL } from "./parse";
import { checkSubqueryResolution } from "./plan-limits";
import { QueryBudget, TOO_MANY_SAMPLES } from "./budget";
import { dotAllPattern } from "./regex";
import { annotatePushed } from "./pushdown/notes";
import { planPushdown } from "./pushdown/plan";
import { choosePlanned, type PushdownPort, PushdownRefused, pushdownAccepts, runPlanned } from "./pushdown/port";
import { overWorkerBudget } from "./pushdown/budget";
import { concatParts, cutSteps, firstAccepted } from "./pushdown/split";
import { selectorsOf } from "./selectors";
import { isStaleNaN } from "./stale";
import type { LabelMatcher, Labels, RawSeries, SeriesSource } from "./types";
import type { Series as MatrixSeries, Value } from "./value";

type Series = RangeSeries;

export { PromQLError } from "./errors";

export interface EngineOptions {
  lookbackDeltaMs?: number;
  maxSamples?: number;
  timeoutMs?: number;
  maxPointsPerSeries?: number;
  /** Step of subqueries written without one (Prometheus' global evaluation_interval, 1m by default). */
  defaultSubqueryStepMs?: number;
  /** Prometheus 3 made lookback and range windows left-open; 2.x (the default here) includes the left edge. */
  leftOpenRanges?: boolean;
  /** Prometheus 3 semantics throughout: left-open windows, regex `.` matching a newline, its function set
   * (double_exponential_smoothing), UTF-8 label names where 2.x wants the legacy form. Default 2.x. */
  prometheus3?: boolean;
  /** Storage that evaluates per-series and aggregated parts of a query where the data lives. */
  pushdown?: PushdownPort;
  /** Memory budget of one query in this process: pushed-down results plus raw series loaded. */
  maxBytes?: number;
}

export type QueryData =
  | { resultType: "vector"; result: VectorItem[] }
  | { resultType: "matrix"; result: MatrixItem[] }
  | { resultType: "scalar"; result: Point }
  | { resultType: "string"; result: Point };

export interface NumericSeries {
  labels: Labels;
  timestamps: number[];
  /** 0 where the point is a native histogram. */
  values: number[];
  /** Index-aligned with `timestamps`, present when some point is a native histogram. */
  histograms?: (FloatHistogram | undefined)[];
}

export interface Engine {
  /** `annotations` collects the query's warnings and infos (Prometheus' annotations) when given. */
  instantQuery(q: string | Expr, timeMs: number, annotations?: Annotations): Promise<QueryData>;
  rangeQuery(
    q: string | Expr,
    startMs: number,
    endMs: number,
    stepMs: number,
    annotations?: Annotations,
  ): Promise<QueryData>;
  instantQueryNumeric(q: string | Expr, timeMs: number): Promise<NumericSeries[]>;
  rangeQueryNumeric(q: string | Expr, startMs: number, endMs: number, stepMs: number): Promise<NumericSeries[]>;
}

interface Range {
  start: number;
  end: number;
}

/** The time range each selector needs, given the evaluation times [s, e] of the node holding it. */
function plan(e: Expr, s: number, en: number, q: Range, lookback: number, out: Map<VectorSelector, Range>): void {
  const at = (a: number | "start" | "end" | undefined, t: number) =>
    a === undefined ? t : a === "start" ? q.start : a === "end" ? q.end : a;
  const add = (v: VectorSelector, back: number) => {
    const r = { start: at(v.at, s) - v.offsetMs - back, end: at(v.at, en) - v.offsetMs };
    const prev = out.get(v);
    out.set(v, prev ? { start: Math.min(prev.start, r.start), end: Math.max(prev.end, r.end) } : r);
  };
  switch (e.kind) {
    case "vector":
      return add(e, lookback);
    case "matrix":
      return add(e.vector, e.rangeMs);
    case "subquery":
      return plan(e.expr, at(e.at, s) - e.offsetMs - e.rangeMs, at(e.at, en) - e.offsetMs, q, lookback, out);
    case "paren":
    case "unary":
      return plan(e.expr, s, en, q, lookback, out);
    case "binary":
      plan(e.lhs, s, en, q, lookback, out);
      return plan(e.rhs, s, en, q, lookback, out);
    case "aggregate":
      if (e.param) plan(e.param, s, en, q, lookback, out);
      return plan(e.expr, s, en, q, lookback, out);
    case "call":
      return e.args.forEach((a) => plan(a, s, en, q, lookback, out));
  }
}

const NO_TIMES = new Float64Array(0);

/** One read of raw series: a distinct matcher set over the union of the ranges its selectors need. */
interface Fetch {
  matchers: LabelMatcher[];
  range: Range;
  selectors: VectorSelector[];
}

function toLoaded(r: RawSeries): LoadedSeries {
  const n = Math.min(r.timestamps.length, r.values.length);
  // Bulk copies (typed-array set keeps NaN payloads, so stale markers survive); then one scan for markers.
  const ts = new Float64Array(n);
  const vs = new Float64Array(n);
  ts.set(r.timestamps.length === n ? r.timestamps : Array.prototype.slice.call(r.timestamps, 0, n));
  if (r.values instanceof Float64Array) vs.set(r.values.subarray(0, n));
  else for (let i = 0; i < n; i++) vs[i] = r.values[i];
  let hs: (FloatHistogram | undefined)[] | null = null;
  if (r.histograms) {
    for (let i = 0; i < n; i++) {
      const h = r.histograms[i];
      if (h) (hs ??= new Array<FloatHistogram | undefined>(n))[i] = h;
    }
  }
  let stale: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (vs[i] !== vs[i] && isStaleNaN(vs[i]) && !hs?.[i]) (stale ??= new Uint8Array(n))[i] = 1;
  }
  if (!stale && !hs)
    return { labels: r.labels, ts, vs, stale, liveTs: ts, liveVs: vs, hs, liveHts: NO_TIMES, liveHs: [] };
  // Range selectors read floats and histograms apart, as Prometheus' Floats and Histograms of a series.
  const floats: number[] = [];
  const hists: number[] = [];
  for (let i = 0; i < n; i++) {
    if (hs?.[i]) hists.push(i);
    else if (!stale?.[i]) floats.push(i);
  }
  return {
    labels: r.labels,
    ts,
    vs,
    stale,
    liveTs: Float64Array.from(floats, (i) => ts[i]),
    liveVs: Float64Array.from(floats, (i) => vs[i]),
    hs,
    liveHts: Float64Array.from(hists, (i) => ts[i]),
    liveHs: hists.map((i) => hs![i]!),
  };
}

/** A range vector's series as one time-ordered list, floats and histograms merged. */
function numericWindow(s: MatrixSeries): NumericSeries {
  if (!s.hs || s.hs.length === 0) return { labels: s.labels, timestamps: Array.from(s.ts), values: Array.from(s.vs) };
  const hts = s.hts!;
  const out: NumericSeries = { labels: s.labels, timestamps: [], values: [], histograms: [] };
  let i = 0;
  let k = 0;
  while (i < s.ts.length || k < hts.length) {
    if (k >= hts.length || (i < s.ts.length && s.ts[i] < hts[k])) {
      out.timestamps.push(s.ts[i]);
      out.values.push(s.vs[i++]);
      out.histograms!.push(undefined);
    } else {
      out.timestamps.push(hts[k]);
      out.values.push(0);
      out.histograms!.push(s.hs[k++]);
    }
  }
  return out;
}

/** One range evaluation of a query's steps [start, end]: the whole query, or a part of one split in time. */
interface Part {
  start: number;
  end: number;
  /** null: raw series only. */
  pushdown: PushdownPort | null;
  /** The port already accepted this part's window. */
  accepted?: boolean;
}

/** What a part shares with the whole query. */
interface PartContext {
  /** The whole query's bounds: `@ start()` and `@ end()` mean these in every part. */
  query: Range;
  deadline: number;
  /** Output points of the parts before this one, still held. */
  heldPoints: number;
  accepted?: boolean;
}

const matchersKey = (ms: LabelMatcher[]) => JSON.stringify([...ms].map((m) => [m.name, m.op, m.value]).sort());

export function createEngine(source: SeriesSource, opts: EngineOptions = {}): Engine {
  const lookback = opts.lookbackDeltaMs ?? 300_000;
  const maxSamples = opts.maxSamples ?? 50_000_000;
  const maxPoints = opts.maxPointsPerSeries ?? 11_000;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const v3 = opts.prometheus3 ?? false;
  // Prometheus 3 compiles label regexes as ^(?s:re)$; wrapping the pattern carries that to the shards as is.
  const fetchMatchers = (ms: LabelMatcher[]) =>
    v3 ? ms.map((m) => (m.op === "=~" || m.op === "!~" ? { ...m, value: dotAllPattern(m.value) } : m)) : ms;

  async function prepare(
    q: string | Expr,
    start: number,
    end: number,
    step: number,
    annotations: Annotations,
    pushdown: PushdownPort | null = opts.pushdown ?? null,
    part: PartContext = { query: { start, end }, deadline: Date.now() + timeoutMs, heldPoints: 0 },
  ): Promise<{ expr: Expr; ev: Evaluator; budget: QueryBudget; inputBytes: number }> {
    const expr = typeof q === "string" ? parsePromQL(q, { prometheus3: v3 }) : q;
    checkSubqueryResolution(expr, opts.defaultSubqueryStepMs ?? 60_000, maxPoints);
    const budget = new QueryBudget(maxSamples, part.deadline);
    const ranges = new Map<VectorSelector, Range>();
    plan(expr, start, end, part.query, lookback, ranges);
    const planned = await choosePlanned(pushdown, part.accepted, ranges.values(), () =>
      planPushdown(
        expr,
        { start, end, step },
        {
          lookbackMs: lookback,
          leftOpen: opts.leftOpenRanges ?? v3,
          matchers: fetchMatchers,
          subqueryStepMs: opts.defaultSubqueryStepMs ?? 60_000,
          start: part.query.start,
          end: part.query.end,
          instant: part.query.start === part.query.end,
        },
      ),
    );
    // Selectors under a pushed-down node are read by the shards, not loaded here.
    for (const p of planned) for (const s of selectorsOf(p.node)) ranges.delete(s.selector);
    // One fetch per distinct matcher set, over the union of the ranges that need it.
    const fetches = new Map<string, Fetch>();
    for (const [sel, r] of ranges) {
      const k = matchersKey(sel.matchers);
      const f = fetches.get(k);
      if (!f) fetches.set(k, { matchers: fetchMatchers(sel.matchers), range: { ...r }, selectors: [sel] });
      else {
        f.range = { start: Math.min(f.range.start, r.start), end: Math.max(f.range.end, r.end) };
        f.selectors.push(sel);
      }
    }
    const data = new Map<VectorSelector, LoadedSeries[]>();
    let results: { f: Fetch; raw: RawSeries[] }[];
    let pushed: Awaited<ReturnType<typeof runPlanned>>;
    try {
      [results, pushed] = await Promise.all([
        Promise.all(
          [...fetches.values()].map(async (f) => ({
            f,
            raw: await source.select(f.matchers, { start: f.range.start, end: f.range.end }),
          })),
        ),
        runPlanned(pushdown ?? undefined, planned),
      ]);
    } catch (e) {
      // Native histograms under a pushed-down selector: the whole query reads raw series (PushdownRefused).
      if (e instanceof PushdownRefused && pushdown)
        return prepare(expr, start, end, step, annotations, null, { ...part, accepted: false });
      throw e;
    }
    let inputBytes = pushed.bytes;
    // Earlier parts' output is still held while this part loads.
    const held = 16 * part.heldPoints;
    for (const { f, raw } of results) {
      for (const r of raw) budget.hold(r.timestamps.length);
      for (const r of raw) inputBytes += 32 * r.timestamps.length + 256;
      if (opts.maxBytes !== undefined && held + inputBytes > opts.maxBytes)
        throw overWorkerBudget(held + inputBytes, opts.maxBytes);
      const series = raw.map(toLoaded).sort((a, b) => compareLabels(a.labels, b.labels));
      for (const sel of f.selectors) data.set(sel, series);
    }
    budget.checkDeadline();
    const ev = new Evaluator({
      start: part.query.start,
      end: part.query.end,
      lookbackMs: lookback,
      leftOpen: opts.leftOpenRanges ?? v3,
      prometheus3: v3,
      subqueryStepMs: opts.defaultSubqueryStepMs ?? 60_000,
      data,
      budget,
      precomputed: pushed.precomputed,
      annotations,
    });
    // Subqueries are computed up front in yielding slices; the steps below then only read them.
    await ev.subqueries.prefill(expr, start, end);
    if (opts.maxBytes !== undefined && held + inputBytes > opts.maxBytes)
      throw overWorkerBudget(held + inputBytes, opts.maxBytes);
    return { expr, ev, budget, inputBytes };
  }

  async function instantValue(q: string | Expr, t: number, annotations = new Annotations()): Promise<Value> {
    const { expr, ev } = await prepare(q, t, t, 1, annotations);
    return ev.eval(expr, t);
  }

  async function rangeSeries(
    q: string | Expr,
    start: number,
    end: number,
    step: number,
    annotations = new Annotations(),
  ): Promise<Series[]> {
    if (!(step > 0))
      throw new PromQLError(
        "bad_data",
        "zero or negative query resolution step widths are not accepted. Try a positive integer",
      );
    if (end < start) throw new PromQLError("bad_data", "end timestamp must not be before start time");
    if ((end - start) / step > maxPoints) {
      throw new PromQLError(
        "bad_data",
        `exceeded maximum resolution of ${maxPoints.toLocaleString("en-US")} points per timeseries. Try decreasing the query resolution (?step=XX)`,
      );
    }
    const expr = typeof q === "string" ? parsePromQL(q, { prometheus3: v3 }) : q;
    const query = { start, end };
    const deadline = Date.now() + timeoutMs;
    const parts = await rangeParts(expr, start, end, step);
    const done: Series[][] = [];
    let heldPoints = 0;
    for (const p of parts) {
      const series = await rangePart(expr, p, step, annotations, { query, deadline, heldPoints, accepted: p.accepted });
      for (const s of series) heldPoints += s.ts.length;
      done.push(series);
    }
    return concatParts(done);
  }

  /** The parts a range query runs in: one when storage accepts its whole window (or has no say). Otherwise the
   * steps are cut at storage's partition points, and each group's first steps whose window is still refused run
   * over raw series (but for fragments the port can run across partitions), the rest pushed down. */
  async function rangeParts(expr: Expr, start: number, end: number, step: number): Promise<Part[]> {
    const port = opts.pushdown;
    if (!port?.accepts) return [{ start, end, pushdown: port ?? null }];
    const asked = new Map<string, Promise<boolean>>();
    const accepts = (s: number, e: number) => {
      const key = `${s}:${e}`;
      let a = asked.get(key);
      if (!a) {
        const ranges = new Map<VectorSelector, Range>();
        plan(expr, s, e, { start, end }, lookback, ranges);
        asked.set(key, (a = pushdownAccepts(port, ranges.values())));
      }
      return a;
    };
    if (await accepts(start, end)) return [{ start, end, pushdown: port, accepted: true }];
    const [parts, across]: [Part[], PushdownPort | null] = [[], port.runAcross ? port : null];
    for (const g of cutSteps(start, end, step, (await port.splitPoints?.(start, end)) ?? [])) {
      const from = await firstAccepted(g, step, (t) => accepts(t, g.end));
      if (from > g.start) parts.push({ start: g.start, end: Math.min(from - step, g.end), pushdown: across });
      if (from <= g.end) parts.push({ start: from, end: g.end, pushdown: port, accepted: true });
    }
    return parts;
  }

  /** One part's series, its output counted with the parts' before it against the query's budgets. */
  async function rangePart(
    q: Expr,
    part: Part,
    step: number,
    annotations: Annotations,
    ctx: PartContext,
  ): Promise<Series[]> {
    const { start, end } = part;
    const { expr, ev, budget, inputBytes } = await prepare(q, start, end, step, annotations, part.pushdown, ctx);
    let bare = expr;
    while (bare.kind === "paren") bare = bare.expr;
    // A pushed-down top node arrives as whole series: no step-by-step pass over it.
    const top = ev.precomputed(bare);
    const whole = top?.series?.();
    if (whole) {
      if (top?.notes) annotatePushed(bare, top.notes, annotations);
      let total = ctx.heldPoints;
      for (const s of whole) total += s.ts.length;
      if (total > maxSamples) throw new PromQLError("execution", TOO_MANY_SAMPLES);
      return whole.sort((a, b) => compareLabels(a.labels, b.labels));
    }
    // A bare selector is walked series by series; duplicate label sets from a source take the general path.
    const loaded = bare.kind === "vector" ? ev.loaded(bare) : [];
    if (bare.kind === "vector" && new Set(loaded.map((s) => labelsKey(s.labels))).size === loaded.length) {
      const series = ev.selectorRange(bare, start, end, step);
      let total = ctx.heldPoints;
      for (const s of series) total += s.ts.length;
      if (total > maxSamples) throw new PromQLError("execution", TOO_MANY_SAMPLES);
      return series.sort((a, b) => compareLabels(a.labels, b.labels));
    }
    const byKey = new Map<string, Series>();
    const byObj = new Map<Labels, Series>();
    let points = ctx.heldPoints;
    for (let t = start; t <= end; t += step) {
      await budget.yieldIfDue();
      const v = ev.eval(expr, t);
      if (v.kind === "scalar") {
        let s = byKey.get("");
        if (!s) byKey.set("", (s = { labels: {}, ts: [], vs: [] }));
        s.ts.push(t);
        s.vs.push(v.v);
        continue;
      }
      if (v.kind !== "vector") {
        throw new PromQLError(
          "bad_data",
          `invalid expression type "${v.kind === "matrix" ? "range vector" : "string"}" for range query, must be Scalar or instant Vector`,
        );
      }
      for (const smp of v.samples) {
        // Label-set objects are reused across steps: look them up by identity before hashing.
        let s = byObj.get(smp.labels);
        if (!s) {
          const k = labelsKey(smp.labels);
          s = byKey.get(k);
          if (!s) byKey.set(k, (s = { labels: smp.labels, ts: [], vs: [] }));
          byObj.set(smp.labels, s);
        }
        if (smp.h && !s.hs) s.hs = new Array<FloatHistogram | undefined>(s.ts.length);
        s.ts.push(t);
        s.vs.push(smp.v);
        if (s.hs) s.hs.push(smp.h);
      }
      points += v.samples.length;
      if (opts.maxBytes !== undefined && inputBytes + 16 * points > opts.maxBytes)
        throw overWorkerBudget(inputBytes + 16 * points, opts.maxBytes);
      if (points > maxSamples) throw new PromQLError("execution", TOO_MANY_SAMPLES);
    }
    return [...byKey.values()].sort((a, b) => compareLabels(a.labels, b.labels));
  }

  const sec = (t: number) => t / 1000;
  // Prometheus serializes label sets sorted by name.
  const sorted = (l: Labels): Labels =>
    Object.fromEntries(
      Object.keys(l)
        .sort()
        .map((k) => [k, l[k]]),
    );

  return {
    async instantQuery(q, t, annotations) {
      const v = await instantValue(q, t, annotations);
      switch (v.kind) {
        case "scalar":
          return { resultType: "scalar", result: [sec(t), formatJsonValue(v.v)] };
        case "string":
          return { resultType: "string", result: [sec(t), v.s] };
        case "vector":
          return {
            resultType: "vector",
            result: v.samples.map((s) => vectorItem(sorted(s.labels), t, s.v, s.h)),
          };
        case "matrix":
          return {
            resultType: "matrix",
            result: [...v.series]
              .sort((a, b) => compareLabels(a.labels, b.labels))
              .map((s) => windowItem(sorted(s.labels), s)),
          };
      }
    },
    async rangeQuery(q, start, end, step, annotations) {
      const series = await rangeSeries(q, start, end, step, annotations);
      return {
        resultType: "matrix",
        result: series.map((s) => stepsItem(sorted(s.labels), s.ts, s.vs, s.hs)),
      };
    },
    async instantQueryNumeric(q, t) {
      const v = await instantValue(q, t);
      switch (v.kind) {
        case "scalar":
          return [{ labels: {}, timestamps: [t], values: [v.v] }];
        case "string":
          throw new PromQLError("bad_data", "string result has no numeric form");
        case "vector":
          return v.samples.map((s) =>
            s.h
              ? { labels: s.labels, timestamps: [t], values: [0], histograms: [s.h] }
              : { labels: s.labels, timestamps: [t], values: [s.v] },
          );
        case "matrix":
          return v.series.map(numericWindow);
      }
    },
    async rangeQueryNumeric(q, start, end, step) {
      return (await rangeSeries(q, start, end, step)).map((s) =>
        s.hs
          ? { labels: s.labels, timestamps: s.ts, values: s.vs, histograms: s.hs }
          : { labels: s.labels, timestamps: s.ts, values: s.vs },
      );
    },
  };
}
