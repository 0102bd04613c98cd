// Prometheus v2.53.5's promqltest script native_histograms.test (vendored under test/compat), evaluated with
// the pure histogram functions alone: every eval whose expression is a selector, histogram_* of a selector,
// rate of a selector, histogram_quantile of that rate, or sum of a selector. The expectations are the
// script's own; floats compare as promqltest does (relative 1e-6), histograms exactly after compacting the
// expected one (promqltest's Equals).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FloatHistogram } from "./float-histogram";
import {
  histogramAvg,
  histogramCount,
  histogramFraction,
  histogramQuantile,
  histogramStddev,
  histogramStdvar,
  histogramSum,
} from "./functions";
import { expandHistogramSeries, type HistogramSeriesValue } from "./literal";
import { addHistograms, compactHistogram, histogramsEqual } from "./ops";
import { extrapolatedHistogramRate, type HistogramPoint } from "./rate";

const SCRIPT = new URL("../../test/compat/promqltest/testdata/native_histograms.test", import.meta.url);
const LOOKBACK_MS = 5 * 60_000;

function durationMs(s: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(m[1]) * units[m[2]];
  return total;
}

type Value = number | FloatHistogram;
interface Series {
  points: HistogramPoint[];
}
interface EvalCase {
  line: number;
  expr: string;
  times: number[];
  /** Expected values per series (each one value per time), labels ignored: they are the engine's concern. */
  expected: Value[][];
}

function parseExpected(rest: string): Value[] {
  if (rest.startsWith("{{"))
    return expandHistogramSeries(rest).map((v) => {
      if (v === null || v === "stale") throw new Error(`unexpected ${v} in an expectation`);
      return v;
    });
  return rest.split(/\s+/).map((t) => (/^[+-]?inf$/i.test(t) ? (t.startsWith("-") ? -Infinity : Infinity) : Number(t)));
}

function readScript(text: string): { series: Map<string, Series[]>; cases: EvalCase[] } {
  const series = new Map<string, Series[]>();
  const cases: EvalCase[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i];
    if (head.trim() === "" || head.startsWith("#") || /^\s/.test(head)) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])) body.push(lines[++i].trim());
    const load = /^load\s+(\S+)$/.exec(head);
    if (load) {
      const gap = durationMs(load[1]);
      for (const b of body) {
        const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(.*)$/.exec(b);
        if (!m) throw new Error(`bad series line ${b}`);
        const values: HistogramSeriesValue[] = expandHistogramSeries(m[3]);
        const points: HistogramPoint[] = [];
        values.forEach((v, k) => {
          if (v !== null && v !== "stale") points.push({ t: k * gap, h: v });
        });
        series.set(m[1], [...(series.get(m[1]) ?? []), { points }]);
      }
      continue;
    }
    const instant = /^eval\s+instant\s+at\s+(\S+)\s+(.+)$/.exec(head);
    const range = /^eval\s+range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s+(.+)$/.exec(head);
    if (!instant && !range) throw new Error(`unexpected command at line ${i + 1}: ${head}`);
    const times: number[] = [];
    if (instant) times.push(durationMs(instant[1]));
    else {
      const [start, end, step] = [durationMs(range![1]), durationMs(range![2]), durationMs(range![3])];
      for (let t = start; t <= end; t += step) times.push(t);
    }
    const expected = body.map((b) => parseExpected(b.replace(/^\{[^}]*\}\s*/, "")));
    cases.push({ line: i + 1 - body.length, expr: (instant ? instant[2] : range![4]).trim(), times, expected });
  }
  return { series, cases };
}

const script = readScript(readFileSync(SCRIPT, "utf8"));

/** The instant vector of a metric name at t (newest sample within the lookback, both ends closed as in 2.x). */
function select(name: string, t: number): FloatHistogram[] {
  return (script.series.get(name) ?? []).flatMap((s) => {
    const inWindow = s.points.filter((p) => p.t <= t && p.t >= t - LOOKBACK_MS);
    return inWindow.length > 0 ? [inWindow[inWindow.length - 1].h] : [];
  });
}

const SIMPLE: Record<string, (h: FloatHistogram) => number> = {
  histogram_count: histogramCount,
  histogram_sum: histogramSum,
  histogram_avg: histogramAvg,
  histogram_stddev: histogramStddev,
  histogram_stdvar: histogramStdvar,
};

const scalar = (s: string) => (/^[+-]?inf$/i.test(s) ? (s.startsWith("-") ? -Infinity : Infinity) : Number(s));

/** The expressions these functions can answer without the engine; undefined for the others. */
function evaluate(expr: string, t: number): FloatHistogram[] | number[] | undefined {
  let m = /^([a-zA-Z_:][\w:]*)$/.exec(expr);
  if (m) return select(m[1], t);
  m = /^(histogram_\w+)\((.+)\)$/.exec(expr);
  if (m && SIMPLE[m[1]]) return histogramsOf(m[2], t)?.map(SIMPLE[m[1]]);
  m = /^histogram_fraction\(([^,]+),\s*([^,]+),\s*(.+)\)$/.exec(expr);
  if (m) {
    const [lower, upper] = [scalar(m[1].trim()), scalar(m[2].trim())];
    return histogramsOf(m[3], t)?.map((h) => histogramFraction(lower, upper, h));
  }
  m = /^histogram_quantile\(([^,]+),\s*(.+)\)$/.exec(expr);
  if (m) {
    const q = scalar(m[1].trim());
    return histogramsOf(m[2], t)?.map((h) => histogramQuantile(q, h));
  }
  m = /^rate\(([a-zA-Z_:][\w:]*)\[(\w+)\]\)$/.exec(expr);
  if (m) {
    const rangeMs = durationMs(m[2]);
    return (script.series.get(m[1]) ?? []).flatMap((s) => {
      const points = s.points.filter((p) => p.t >= t - rangeMs && p.t <= t);
      const r = extrapolatedHistogramRate(points, { startMs: t - rangeMs, endMs: t, isRate: true, isCounter: true });
      return r ? [r] : [];
    });
  }
  m = /^sum\((.+)\)$/.exec(expr);
  if (m) {
    const all = histogramsOf(m[1], t);
    return all && all.length > 0 ? [all.reduce(addHistograms)] : all;
  }
  return undefined;
}

function histogramsOf(expr: string, t: number): FloatHistogram[] | undefined {
  const v = evaluate(expr.trim(), t);
  return v?.every((x) => typeof x !== "number") ? (v as FloatHistogram[]) : undefined;
}

/** promqltest's comparison of floats (util/almost with epsilon 1e-6). */
function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0) return diff < 1e-6 * 2.2250738585072014e-308;
  return diff / Math.min(Math.abs(a) + Math.abs(b), Number.MAX_VALUE) < 1e-6;
}

const covered = script.cases.filter((c) => evaluate(c.expr, c.times[0]) !== undefined);
const uncovered = script.cases.filter((c) => !covered.includes(c));

describe("native_histograms.test (v2.53.5) through the pure functions", () => {
  it.each(covered.map((c) => [`line ${c.line}: ${c.expr}`, c] as const))("%s", (_, c) => {
    c.times.forEach((t, k) => {
      const got = evaluate(c.expr, t)!;
      expect(got.length, `one result per expected series at ${t} ms`).toBe(c.expected.length);
      c.expected.forEach((values, s) => {
        const want = values[k];
        const value = got[s];
        if (typeof want === "number") {
          expect(typeof value).toBe("number");
          expect(almostEqual(want, value as number), `expected ${want}, got ${value}`).toBe(true);
        } else {
          expect(typeof value).toBe("object");
          expect(histogramsEqual(compactHistogram(want), value as FloatHistogram)).toBe(true);
        }
      });
    });
  });

  it("answers all but the evals that need the engine", () => {
    expect(script.cases.length).toBe(189);
    expect(uncovered.map((c) => c.expr)).toEqual(["histogram_sum(sum(last_over_time(incr_sum_histogram[5m])))"]);
  });
});
