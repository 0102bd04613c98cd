// Prometheus v2.53.5's promqltest script native_histograms.test (vendored under test/compat), run through the
// engine: each `load` block goes into a MemorySource (histogram samples beside floats), each eval is an
// instant or range query, and the result must have exactly the expected series (by label set) and values.
// Floats compare as promqltest does (relative 1e-6); histograms exactly after compacting the expected one
// (promqltest's Equals).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FloatHistogram } from "../histogram/float-histogram";
import { expandHistogramSeries } from "../histogram/literal";
import { compactHistogram, histogramsEqual } from "../histogram/ops";
import { createEngine, type NumericSeries } from "./engine";
import { labelsKey } from "./labels";
import { MemorySource } from "./memory-source";
import { staleNaNArray } from "./stale";
import type { Labels } from "./types";

const SCRIPT = new URL("../../test/compat/promqltest/testdata/native_histograms.test", import.meta.url);

function durationMs(s: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(m[1]) * units[m[2]];
  return total;
}

type Value = number | FloatHistogram;

interface EvalCase {
  line: number;
  expr: string;
  source: MemorySource;
  times: number[];
  range: boolean;
  expected: { labels: Labels; values: Value[] }[];
}

function parseLabels(text: string | undefined): Labels {
  const out: Labels = {};
  for (const m of (text ?? "").matchAll(/([a-zA-Z_]\w*)\s*=\s*"([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

const number = (t: string) => (/^[+-]?inf$/i.test(t) ? (t.startsWith("-") ? -Infinity : Infinity) : Number(t));

function parseValues(rest: string): Value[] {
  if (rest.includes("{{"))
    return expandHistogramSeries(rest).map((v) => {
      if (v === null || v === "stale") throw new Error(`unexpected ${v} in an expectation`);
      return v;
    });
  return rest.split(/\s+/).map(number);
}

/** The script's commands in order; each eval sees the series loaded so far (the script has no `clear`). */
function readScript(text: string): EvalCase[] {
  const cases: EvalCase[] = [];
  const lines = text.split("\n");
  let source = new MemorySource();
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i];
    if (head.trim() === "" || head.startsWith("#") || /^\s/.test(head)) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])) body.push(lines[++i].trim());
    if (head.trim() === "clear") {
      source = new MemorySource();
      continue;
    }
    const load = /^load\s+(\S+)$/.exec(head);
    if (load) {
      const gap = durationMs(load[1]);
      for (const b of body) {
        const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(.*)$/.exec(b);
        if (!m) throw new Error(`bad series line ${b}`);
        const labels = { __name__: m[1], ...parseLabels(m[2]) };
        const ts: number[] = [];
        const hs: (FloatHistogram | undefined)[] = [];
        const stale: number[] = [];
        expandHistogramSeries(m[3]).forEach((v, k) => {
          if (v === null) return;
          if (v === "stale") stale.push(ts.length);
          ts.push(k * gap);
          hs.push(v === "stale" ? undefined : v);
        });
        const vs = new Float64Array(ts.length);
        for (const k of stale) vs.set(staleNaNArray(), k);
        source.add(labels, ts, vs, hs);
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
    const expected = body.map((b) => {
      const m = /^([a-zA-Z_:][\w:]*)?(\{[^}]*\})?\s+(.*)$/.exec(b);
      if (!m) throw new Error(`bad expectation ${b}`);
      const labels = { ...parseLabels(m[2]), ...(m[1] ? { __name__: m[1] } : {}) };
      return { labels, values: parseValues(m[3]) };
    });
    const expr = (instant ? instant[2] : range![4]).trim();
    cases.push({ line: i + 1 - body.length, expr, source, times, range: !!range, expected });
  }
  return cases;
}

/** promqltest's comparison of floats (util/almost with epsilon 1e-6). */
function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0) return diff < 1e-6 * 2.2250738585072014e-308;
  return diff / Math.min(Math.abs(a) + Math.abs(b), Number.MAX_VALUE) < 1e-6;
}

async function run(c: EvalCase): Promise<NumericSeries[]> {
  const engine = createEngine(c.source);
  if (!c.range) return engine.instantQueryNumeric(c.expr, c.times[0]);
  const step = c.times.length > 1 ? c.times[1] - c.times[0] : 1000;
  return engine.rangeQueryNumeric(c.expr, c.times[0], c.times[c.times.length - 1], step);
}

/** Why the engine's answer differs from the script's, or undefined when it matches. */
function mismatch(c: EvalCase, got: NumericSeries[]): string | undefined {
  const byKey = new Map(got.map((s) => [labelsKey(s.labels), s]));
  if (byKey.size !== c.expected.length) return `${got.length} series, expected ${c.expected.length}`;
  for (const want of c.expected) {
    const s = byKey.get(labelsKey(want.labels));
    if (!s) return `no series ${labelsKey(want.labels)}`;
    if (s.timestamps.length !== c.times.length) return `${s.timestamps.length} points, expected ${c.times.length}`;
    for (let k = 0; k < c.times.length; k++) {
      const w = want.values[k];
      const h = s.histograms?.[k];
      if (typeof w === "number") {
        if (h) return `a histogram at ${c.times[k]}, expected ${w}`;
        if (!almostEqual(w, s.values[k])) return `${s.values[k]} at ${c.times[k]}, expected ${w}`;
      } else if (!h || !histogramsEqual(compactHistogram(w), h))
        return `${h ? JSON.stringify(h) : s.values[k]} at ${c.times[k]}, expected ${JSON.stringify(compactHistogram(w))}`;
    }
  }
  return undefined;
}

const cases = readScript(readFileSync(SCRIPT, "utf8"));

describe("native_histograms.test (v2.53.5) through the engine", () => {
  it.each(cases.map((c) => [`line ${c.line}: ${c.expr}`, c] as const))("%s", async (_, c) => {
    expect(mismatch(c, await run(c))).toBeUndefined();
  });

  it("runs every eval of the script", () => {
    expect(cases.length).toBe(189);
  });
});
