// The native-histogram blocks of promqltest scripts through the HTTP API: read with the core's promqltest
// reader (core/histogram/promqltest-script.ts, which parses `{{...}}` literals and their series expansion),
// written by remote_write as float histograms (promqltest appends FloatHistograms) with their counter reset
// hints, and every eval checked like the float ones: instant, @-pinned variants, range mode around the time,
// and range evals. Expected histograms are compacted and rendered as the API renders them (count, sum, the
// populated buckets with their boundary rules); the API's JSON is parsed back to numbers and compared exactly,
// as promqltest compares histograms (Equals); floats with promqltest's relative 1e-6.
import type { WireHistogram } from "../../../core/histogram/convert";
import type { FloatHistogram } from "../../../core/histogram/float-histogram";
import { histogramToJson } from "../../../core/histogram/json";
import { compactHistogram } from "../../../core/histogram/ops";
import { type ScriptCommand, type ScriptValue, almostEqual } from "../../../core/histogram/promqltest-script";
import { STALE_NAN_BITS } from "../../../core/promql/stale";
import { type EncodeSeries, remoteWriteBody } from "../../../core/remote-write/encode";
import { encodeHistogram } from "../../../core/remote-write/encode-histogram";
import { promQuery, promQueryRange } from "../promql/prom-client";
import { remoteWrite, snappyWriteRequest } from "../promql/remote-write";
import type { Api } from "./run";
import { pinnedExpr, shiftQuery, variantTimes } from "./variants";

type Labels = Record<string, string>;
type Load = Extract<ScriptCommand, { kind: "load" }>;
type Eval = Extract<ScriptCommand, { kind: "eval" }>;
/** A value the API answered: a float, or a histogram's numbers in the API's bucket layout. */
type HNum = { count: number; sum: number; buckets: number[][] };
type Point = [number, number | HNum];
type Got = { labels: Labels; points: Point[] }[];

const HINT = { unknown: 0, reset: 1, not_reset: 2, gauge: 3 } as const;
const num = (s: string) => (s === "+Inf" ? Infinity : s === "-Inf" ? -Infinity : Number(s));
const key = (l: Labels) =>
  Object.keys(l)
    .sort()
    .map((k) => `${k}\xff${l[k]}`)
    .join("\xff");
const show = (l: Labels) => `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`)}}`;

/** The remote_write Histogram of a promqltest FloatHistogram: float counts, the hint as written. */
export function toWire(h: FloatHistogram): WireHistogram {
  return {
    count: h.count,
    sum: h.sum,
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCount,
    negativeSpans: h.negativeSpans,
    negativeCounts: [...h.negativeBuckets],
    positiveSpans: h.positiveSpans,
    positiveCounts: [...h.positiveBuckets],
    resetHint: HINT[h.counterResetHint],
    customValues: h.customValues.length > 0 ? h.customValues : undefined,
  };
}

/** The API JSON of a histogram ({count, sum, buckets: [rule, lower, upper, count]}) as numbers. */
function parseJsonHistogram(j: { count: string; sum: string; buckets?: [number, string, string, string][] }): HNum {
  return {
    count: num(j.count),
    sum: num(j.sum),
    buckets: (j.buckets ?? []).map(([r, lo, up, c]) => [r, num(lo), num(up), num(c)]),
  };
}

const expectedHNum = (h: FloatHistogram) => parseJsonHistogram(histogramToJson(compactHistogram(h)));

function hEqual(a: HNum, b: HNum): boolean {
  return (
    Object.is(a.count, b.count) &&
    Object.is(a.sum, b.sum) &&
    a.buckets.length === b.buckets.length &&
    a.buckets.every((x, i) => x.every((v, k) => Object.is(v, b.buckets[i][k])))
  );
}

function valueEq(want: ScriptValue, got: number | HNum): boolean {
  if (typeof want === "number") return typeof got === "number" && almostEqual(want, got);
  return typeof got !== "number" && hEqual(expectedHNum(want), got);
}

const showV = (v: ScriptValue | number | HNum) =>
  typeof v === "number" ? String(v) : "schema" in v ? JSON.stringify(expectedHNum(v)) : JSON.stringify(v);

function toGot(r: { status: string; data?: unknown; errorType?: string; error?: string }): {
  kind: string;
  series: Got;
} {
  if (r.status !== "success") throw new Error(`${r.errorType}: ${r.error}`);
  const d = r.data as { resultType: string; result: any };
  if (d.resultType === "scalar") return { kind: "scalar", series: [{ labels: {}, points: [[0, num(d.result[1])]] }] };
  if (d.resultType === "vector")
    return {
      kind: "vector",
      series: d.result.map((s: any) => ({
        labels: s.metric,
        points: [
          s.histogram
            ? [s.histogram[0] * 1000, parseJsonHistogram(s.histogram[1])]
            : [s.value[0] * 1000, num(s.value[1])],
        ],
      })),
    };
  if (d.resultType === "matrix")
    return {
      kind: "matrix",
      series: d.result.map((s: any) => ({
        labels: s.metric,
        points: [
          ...(s.values ?? []).map((p: [number, string]) => [Math.round(p[0] * 1000), num(p[1])]),
          ...(s.histograms ?? []).map((p: [number, any]) => [Math.round(p[0] * 1000), parseJsonHistogram(p[1])]),
        ].sort((a, b) => a[0] - b[0]),
      })),
    };
  throw new Error(`unexpected result type ${d.resultType}`);
}

/** Got series at one time against the eval's single expected value per series; null when they match. */
function compareAt(cmd: Eval, k: number, kind: string, got: Got): string | null {
  if (kind === "scalar") {
    const w = cmd.expected.length === 1 && Object.keys(cmd.expected[0].labels).length === 0 ? cmd.expected[0] : null;
    if (!w) return `got a scalar, expected ${cmd.expected.length} series`;
    return valueEq(w.values[k], got[0].points[0][1]) ? null : `expected scalar ${showV(w.values[k])}`;
  }
  const want = new Map(cmd.expected.map((e) => [key(e.labels), e]));
  for (const g of got) {
    const w = want.get(key(g.labels));
    if (!w) return `unexpected metric ${show(g.labels)} = ${showV(g.points[0][1])}`;
    if (!valueEq(w.values[k], g.points[0][1]))
      return `${show(g.labels)}: expected ${showV(w.values[k])}, got ${showV(g.points[0][1])}`;
  }
  if (got.length !== cmd.expected.length) {
    const have = new Set(got.map((g) => key(g.labels)));
    return `expected metric ${show(cmd.expected.find((e) => !have.has(key(e.labels)))?.labels ?? {})} not found`;
  }
  return null;
}

export async function checkHistogramEval(api: Api, cmd: Eval, base: number): Promise<string | null> {
  const q = (expr: string, t: number) => promQuery(api.url, shiftQuery(expr, base), base + t, api.token);
  const qr = (expr: string, s: number, e: number, step: number) =>
    promQueryRange(api.url, shiftQuery(expr, base), base + s, base + e, step, api.token);
  if (cmd.range) {
    const [start, end] = [cmd.times[0], cmd.times[cmd.times.length - 1]];
    const step = cmd.times.length > 1 ? cmd.times[1] - cmd.times[0] : 1000;
    const r = await qr(cmd.expr, start, end, step);
    if (r.status !== "success") return `range: ${r.errorType}: ${r.error}`;
    const got = toGot(r).series;
    const want = new Map(cmd.expected.map((e) => [key(e.labels), e]));
    for (const g of got) {
      const w = want.get(key(g.labels));
      if (!w) return `unexpected metric ${show(g.labels)}`;
      if (g.points.length !== cmd.times.length)
        return `${show(g.labels)}: expected ${cmd.times.length} points, got ${g.points.length}`;
      for (let i = 0; i < cmd.times.length; i++) {
        if (g.points[i][0] !== base + cmd.times[i]) return `${show(g.labels)}: point ${i} at ${g.points[i][0]}`;
        if (!valueEq(w.values[i], g.points[i][1]))
          return `${show(g.labels)}: expected ${showV(w.values[i])}, got ${showV(g.points[i][1])}`;
      }
    }
    if (got.length !== cmd.expected.length) return `expected ${cmd.expected.length} series, got ${got.length}`;
    return null;
  }
  const at = cmd.times[0];
  const runs: [string, number][] = [[cmd.expr, at]];
  let pinned: string | null;
  try {
    pinned = pinnedExpr(cmd.expr, at);
  } catch (e) {
    return `cannot pin: ${(e as Error).message}`;
  }
  if (pinned !== null) for (const t of variantTimes(at)) runs.push([pinned, t]);
  for (const [expr, t] of runs) {
    const label = expr === cmd.expr ? "" : `@variant t=${t}: `;
    const r = await q(expr, t);
    if (r.status !== "success") return `${label}${r.errorType}: ${r.error}`;
    const inst = toGot(r);
    if (inst.kind === "matrix") continue;
    const err = compareAt(cmd, 0, inst.kind, inst.series);
    if (err) return label + err;
    const rr = await qr(expr, t - 60_000, t + 60_000, 60_000);
    if (rr.status !== "success") return `${label}range mode: ${rr.errorType}: ${rr.error}`;
    const vec = toGot(rr)
      .series.map((s) => ({ labels: s.labels, points: s.points.filter((p) => p[0] === base + t) }))
      .filter((s) => s.points.length > 0);
    const rerr = compareAt(cmd, 0, inst.kind, vec);
    if (rerr) return `${label}range mode: ${rerr}`;
  }
  return null;
}

/** Writes one load of floats, histograms and stale markers; returns the error text when Vigil refused. */
export async function loadHistograms(api: Api, cmd: Load, base: number): Promise<string | null> {
  const unique = new Map(cmd.series.map((s) => [key({ ...s.labels, __name__: s.name }), s]));
  const series: EncodeSeries[] = [];
  const stale: { labels: Labels; timestamps: number[]; values: Float64Array }[] = [];
  for (const s of unique.values()) {
    const labels = { ...s.labels, __name__: s.name };
    const samples: { t: number; v: number }[] = [];
    const histograms: Uint8Array[] = [];
    const staleTs: number[] = [];
    s.values.forEach((v, i) => {
      const t = base + i * cmd.gapMs;
      if (v === null) return;
      if (v === "stale") staleTs.push(t);
      else if (typeof v === "number") samples.push({ t, v });
      else histograms.push(encodeHistogram(toWire(v), t));
    });
    series.push({ labels, samples, histograms });
    if (staleTs.length > 0) {
      const values = new Float64Array(staleTs.length);
      const view = new DataView(values.buffer);
      staleTs.forEach((_, k) => view.setBigUint64(k * 8, STALE_NAN_BITS, true));
      stale.push({ labels, timestamps: staleTs, values });
    }
  }
  const res = await remoteWrite(`${api.url}/api/v1/write`, remoteWriteBody(series), api.token);
  if (!res.ok) return `remote_write refused: ${res.status} ${await res.text()}`;
  if (stale.length > 0) {
    const r2 = await remoteWrite(`${api.url}/api/v1/write`, snappyWriteRequest(stale), api.token);
    if (!r2.ok) return `remote_write refused stale markers: ${r2.status} ${await r2.text()}`;
  }
  return null;
}

/** Blocks (split at `clear`) of the core reader's commands. */
export function histogramBlocks(cmds: ScriptCommand[]): ScriptCommand[][] {
  const out: ScriptCommand[][] = [[]];
  for (const c of cmds) {
    if (c.kind === "clear") out.push([]);
    else out[out.length - 1].push(c);
  }
  return out;
}

export function histogramSpan(block: ScriptCommand[]): number {
  let span = 0;
  for (const c of block) {
    if (c.kind === "load") for (const s of c.series) span = Math.max(span, c.gapMs * s.values.length);
    if (c.kind === "eval") span = Math.max(span, c.times[c.times.length - 1] * 10);
  }
  return span;
}
