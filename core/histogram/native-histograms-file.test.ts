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
import { addHistograms, compactHistogram, histogramsEqual } from "./ops";
import { almostEqual, durationMs, readScriptCommands, type ScriptValue, scriptNumber } from "./promqltest-script";
import { extrapolatedHistogramRate, type HistogramPoint } from "./rate";

const SCRIPT = new URL("../../test/compat/promqltest/testdata/native_histograms.test", import.meta.url);
const LOOKBACK_MS = 5 * 60_000;

interface Series {
  points: HistogramPoint[];
}
interface EvalCase {
  line: number;
  expr: string;
  times: number[];
  /** Expected values per series (each one value per time), labels ignored: they are the engine's concern. */
  expected: ScriptValue[][];
}

function readScript(text: string): { series: Map<string, Series[]>; cases: EvalCase[] } {
  const series = new Map<string, Series[]>();
  const cases: EvalCase[] = [];
  for (const cmd of readScriptCommands(text)) {
    if (cmd.kind === "load")
      for (const s of cmd.series) {
        const points: HistogramPoint[] = [];
        s.values.forEach((v, k) => {
          if (v !== null && v !== "stale") points.push({ t: k * cmd.gapMs, h: v });
        });
        series.set(s.name, [...(series.get(s.name) ?? []), { points }]);
      }
    else if (cmd.kind === "eval")
      cases.push({ line: cmd.line, expr: cmd.expr, times: cmd.times, expected: cmd.expected.map((e) => e.values) });
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

/** The expressions these functions can answer without the engine; undefined for the others. */
function evaluate(expr: string, t: number): FloatHistogram[] | number[] | undefined {
  let m = /^([a-zA-Z_:][\w:]*)$/.exec(expr);
  if (m) return select(m[1], t);
  m = /^(histogram_\w+)\((.+)\)$/.exec(expr);
  if (m && SIMPLE[m[1]]) return histogramsOf(m[2], t)?.map(SIMPLE[m[1]]);
  m = /^histogram_fraction\(([^,]+),\s*([^,]+),\s*(.+)\)$/.exec(expr);
  if (m) {
    const [lower, upper] = [scriptNumber(m[1].trim()), scriptNumber(m[2].trim())];
    return histogramsOf(m[3], t)?.map((h) => histogramFraction(lower, upper, h));
  }
  m = /^histogram_quantile\(([^,]+),\s*(.+)\)$/.exec(expr);
  if (m) {
    const q = scriptNumber(m[1].trim());
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
