// Runs parsed promqltest scripts through a Prometheus HTTP API: each block (up to a `clear`) is written by
// remote_write at its own time base, each eval is checked as an instant query, as a range query around its
// time, and in its @-pinned variants, with promqltest's comparison (relative error 1e-6, NaN equals NaN).
import { remoteWrite, snappyWriteRequest } from "../promql/remote-write";
import { type ApiResult, promQuery, promQueryRange } from "../promql/prom-client";
import { STALE_NAN_BITS } from "../../../core/promql/stale";
import { readScriptCommands } from "../../../core/histogram/promqltest-script";
import { checkHistogramEval, histogramBlocks, histogramSpan, loadHistograms } from "./histograms";
import type { Command, EvalCmd, Labels, LoadCmd, SeqValue } from "./script";
import { pinnedExpr, shiftQuery, variantTimes } from "./variants";

const DAY = 86_400_000;
const NO_TEXT = "native histograms: the script's text was not given to runScripts";

export interface Api {
  url: string;
  token?: string;
}

export interface CaseResult {
  file: string;
  line: number;
  expr: string;
  status: "pass" | "fail" | "skip";
  reason?: string;
}

type Got = { labels: Labels; points: [number, number][] }[];

const num = (s: string) => (s === "+Inf" ? Infinity : s === "-Inf" ? -Infinity : Number(s));
const key = (l: Labels) =>
  Object.keys(l)
    .sort()
    .map((k) => `${k}\xff${l[k]}`)
    .join("\xff");
const show = (l: Labels) => `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`)}}`;

/** almost.Equal of Prometheus' util/almost with promqltest's epsilon. */
export function almostEqual(a: number, b: number, eps = 1e-6): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  const minNormal = 2.2250738585072014e-308;
  if (a === 0 || b === 0 || absSum < minNormal) return diff < eps * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < eps;
}

function toGot(r: ApiResult): { kind: string; series: Got } {
  if (r.status !== "success") throw new Error(`${r.errorType}: ${r.error}`);
  const d = r.data as { resultType: string; result: any };
  if (d.resultType === "scalar") return { kind: "scalar", series: [{ labels: {}, points: [[0, num(d.result[1])]] }] };
  if (d.resultType === "vector")
    return {
      kind: "vector",
      series: d.result.map((s: any) => ({ labels: s.metric, points: [[s.value[0] * 1000, num(s.value[1])]] })),
    };
  if (d.resultType === "matrix")
    return {
      kind: "matrix",
      series: d.result.map((s: any) => ({
        labels: s.metric,
        points: s.values.map((p: [number, string]) => [Math.round(p[0] * 1000), num(p[1])]),
      })),
    };
  throw new Error(`unexpected result type ${d.resultType}`);
}

type Eq = (a: number, b: number) => boolean;

/** Times moved to the base are differences of ~1.7e9 s numbers: exact to ~2.4e-7 s, not to 1e-6 relative. */
const TIME_FUNCTIONS = /\b(time|timestamp|days_in_month|day_of_month|day_of_week|day_of_year|hour|minute|month|year)\(/;
const shiftedEq: Eq = (a, b) => almostEqual(a, b) || Math.abs(a - b) < 1e-6;

const expNum = (v: SeqValue) => (v === "stale" ? NaN : (v as number));

/** An instant result (vector or scalar) against the eval's expectations; null when it matches. */
function compareInstant(cmd: EvalCmd, kind: string, got: Got, eq: Eq): string | null {
  if (cmd.scalar !== undefined) {
    if (kind !== "scalar") return `expected scalar ${cmd.scalar}, got ${kind} of ${got.length}`;
    const v = got[0].points[0][1];
    return eq(cmd.scalar, v) ? null : `expected scalar ${cmd.scalar}, got ${v}`;
  }
  if (kind === "scalar") return "expected a vector, got a scalar";
  const want = new Map(cmd.expected.map((e, i) => [key(e.labels), { ...e, pos: i }]));
  for (let i = 0; i < got.length; i++) {
    const g = got[i];
    const w = want.get(key(g.labels));
    if (!w) return `unexpected metric ${show(g.labels)} = ${g.points[0]?.[1]}`;
    if (cmd.ordered && w.pos !== i) return `${show(g.labels)} at position ${i + 1}, expected ${w.pos + 1}`;
    const v = g.points[0][1];
    if (!eq(expNum(w.values[0]), v)) return `${show(g.labels)}: expected ${w.values[0]}, got ${v}`;
  }
  if (got.length !== cmd.expected.length) {
    const have = new Set(got.map((g) => key(g.labels)));
    const miss = cmd.expected.find((e) => !have.has(key(e.labels)));
    return `expected metric ${show(miss?.labels ?? {})} not found`;
  }
  return null;
}

function compareRange(cmd: EvalCmd, got: Got, startMs: number, eq: Eq): string | null {
  const want = new Map(cmd.expected.map((e) => [key(e.labels), e]));
  for (const g of got) {
    const w = want.get(key(g.labels));
    if (!w) return `unexpected metric ${show(g.labels)}`;
    const pts: [number, number][] = [];
    w.values.forEach((v, i) => {
      if (v !== null) pts.push([startMs + i * cmd.range!.stepMs, expNum(v)]);
    });
    if (pts.length !== g.points.length)
      return `${show(g.labels)}: expected ${pts.length} points, got ${g.points.length}`;
    for (let i = 0; i < pts.length; i++) {
      if (pts[i][0] !== g.points[i][0])
        return `${show(g.labels)}: point ${i} at ${g.points[i][0]}, expected ${pts[i][0]}`;
      if (!eq(pts[i][1], g.points[i][1])) return `${show(g.labels)}: expected ${pts[i][1]}, got ${g.points[i][1]}`;
    }
  }
  if (got.length !== cmd.expected.length) return `expected ${cmd.expected.length} series, got ${got.length}`;
  return null;
}

async function checkEval(api: Api, cmd: EvalCmd, base: number): Promise<string | null> {
  const eq: Eq = TIME_FUNCTIONS.test(cmd.expr) ? shiftedEq : almostEqual;
  const q = (expr: string, t: number) => promQuery(api.url, shiftQuery(expr, base), base + t, api.token);
  const qr = (expr: string, s: number, e: number, step: number) =>
    promQueryRange(api.url, shiftQuery(expr, base), base + s, base + e, step, api.token);
  if (cmd.range) {
    const { startMs, endMs, stepMs } = cmd.range;
    const r = await qr(cmd.expr, startMs, endMs, stepMs);
    if (cmd.fail) return r.status === "error" ? null : "expected an error, got success";
    if (r.status !== "success") return `range: ${r.errorType}: ${r.error}`;
    return compareRange(cmd, toGot(r).series, base + startMs, eq);
  }
  const runs: [string, number][] = [[cmd.expr, cmd.atMs]];
  let pinned: string | null;
  try {
    pinned = pinnedExpr(cmd.expr, cmd.atMs);
  } catch (e) {
    pinned = null;
    if (!cmd.fail) return `cannot pin: ${(e as Error).message}`;
  }
  if (pinned !== null) for (const t of variantTimes(cmd.atMs)) runs.push([pinned, t]);
  for (const [expr, t] of runs) {
    const label = expr === cmd.expr ? "" : `@variant t=${t}: `;
    const r = await q(expr, t);
    if (cmd.fail) {
      if (r.status !== "error") return `${label}expected an error, got success`;
      continue;
    }
    if (r.status !== "success") return `${label}${r.errorType}: ${r.error}`;
    const inst = toGot(r);
    if (inst.kind === "matrix") continue;
    const err = compareInstant(cmd, inst.kind, inst.series, eq);
    if (err) return label + err;
    const rr = await qr(expr, t - 60_000, t + 60_000, 60_000);
    if (rr.status !== "success") return `${label}range mode: ${rr.errorType}: ${rr.error}`;
    if (cmd.ordered) continue;
    const at = base + t;
    const vec = toGot(rr)
      .series.map((s) => ({ labels: s.labels, points: s.points.filter((p) => p[0] === at) }))
      .filter((s) => s.points.length > 0);
    const rerr = compareInstant(cmd, inst.kind === "scalar" ? "scalar" : "vector", vec, eq);
    if (rerr) return `${label}range mode: ${rerr}`;
  }
  return null;
}

function spanOf(block: Command[]): number {
  let span = 0;
  for (const c of block) {
    if (c.kind === "load") for (const s of c.series) span = Math.max(span, c.gapMs * s.values.length);
    if (c.kind === "eval") span = Math.max(span, c.atMs * 10, c.range?.endMs ?? 0);
  }
  return span;
}

/** Writes one load command; returns the error text when Vigil refused samples. */
async function load(api: Api, cmd: LoadCmd, base: number): Promise<string | null> {
  // A label set listed twice in one load: the later line wins, as in promqltest's map of definitions.
  const unique = new Map(cmd.series.map((s) => [key(s.labels), s]));
  const series = [...unique.values()].map((s) => {
    const idx = s.values.flatMap((v, i) => (v === null ? [] : [i]));
    const values = new Float64Array(idx.length);
    const view = new DataView(values.buffer);
    idx.forEach((i, k) => {
      const v = s.values[i];
      if (v === "stale") view.setBigUint64(k * 8, STALE_NAN_BITS, true);
      else values[k] = v as number;
    });
    return { labels: s.labels, timestamps: idx.map((i) => base + i * cmd.gapMs), values };
  });
  for (let i = 0; i < series.length; i += 200) {
    const res = await remoteWrite(`${api.url}/api/v1/write`, snappyWriteRequest(series.slice(i, i + 200)), api.token);
    if (!res.ok) return `remote_write refused: ${res.status} ${await res.text()}`;
  }
  return null;
}

/** Run scripts (file name -> commands); blocks get increasing day-aligned bases ending before `nowMs`. Blocks
 * with native histograms run from the core reader's commands of the file's text (`texts`, by file name). */
export async function runScripts(
  api: Api,
  files: [string, Command[]][],
  nowMs: number,
  texts: Record<string, string> = {},
): Promise<CaseResult[]> {
  const blocks: { file: string; cmds: Command[]; hist?: ReturnType<typeof histogramBlocks>[number] }[] = [];
  for (const [file, cmds] of files) {
    const hist = texts[file]?.includes("{{") ? histogramBlocks(readScriptCommands(texts[file])) : undefined;
    let cur: Command[] = [];
    const push = () => blocks.push({ file, cmds: cur, hist: hist?.[blocks.filter((b) => b.file === file).length] });
    for (const c of cmds) {
      if (c.kind === "clear") {
        push();
        cur = [];
      } else cur.push(c);
    }
    push();
  }
  const slots = blocks.map(
    (b) => Math.ceil((Math.max(spanOf(b.cmds), b.hist ? histogramSpan(b.hist) : 0) + 2 * DAY) / DAY) * DAY,
  );
  let base = Math.floor(nowMs / DAY) * DAY - slots.reduce((a, b) => a + b, 0) - DAY;
  const out: CaseResult[] = [];
  for (const [k, b] of blocks.entries()) {
    const histograms = b.file.startsWith("native_histograms") || b.cmds.some((c) => c.kind === "load" && c.histograms);
    let loadError: string | null = null;
    if (histograms && b.hist) {
      for (const c of b.hist) {
        if (c.kind === "load") loadError ??= await loadHistograms(api, c, base);
        if (c.kind !== "eval") continue;
        const res: CaseResult = { file: b.file, line: c.line, expr: c.expr, status: "pass" };
        const err = loadError ?? (await checkHistogramEval(api, c, base));
        if (err) Object.assign(res, { status: "fail", reason: err });
        out.push(res);
      }
      base += slots[k];
      continue;
    }
    for (const c of b.cmds) {
      if (c.kind === "load" && !histograms) loadError ??= await load(api, c, base);
      if (c.kind !== "eval") continue;
      const res: CaseResult = { file: b.file, line: c.line, expr: c.expr, status: "pass" };
      if (histograms || c.histograms) Object.assign(res, { status: "skip", reason: NO_TEXT });
      else {
        const err = loadError ?? (await checkEval(api, c, base));
        if (err) Object.assign(res, { status: "fail", reason: err });
      }
      out.push(res);
    }
    base += slots[k];
  }
  return out;
}
