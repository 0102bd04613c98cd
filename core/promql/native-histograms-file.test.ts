// Prometheus v2.53.5's promqltest script native_histograms.test (vendored under test/compat), run through the
// engine: each `load` block goes into a MemorySource (histogram samples beside floats), each eval is an
// instant or range query, and the result must have exactly the expected series (by label set) and values.
// Floats compare as promqltest does (relative 1e-6); histograms exactly after compacting the expected one
// (promqltest's Equals).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FloatHistogram } from "../histogram/float-histogram";
import { compactHistogram, histogramsEqual } from "../histogram/ops";
import { almostEqual, readScriptCommands, type ScriptValue } from "../histogram/promqltest-script";
import { createEngine, type NumericSeries } from "./engine";
import { labelsKey } from "./labels";
import { MemorySource } from "./memory-source";
import { staleNaNArray } from "./stale";
import type { Labels } from "./types";

const SCRIPT = new URL("../../test/compat/promqltest/testdata/native_histograms.test", import.meta.url);

interface EvalCase {
  line: number;
  expr: string;
  source: MemorySource;
  times: number[];
  range: boolean;
  expected: { labels: Labels; values: ScriptValue[] }[];
}

/** The script's evals in order; each sees the series loaded since the last `clear`. */
function readScript(text: string): EvalCase[] {
  const cases: EvalCase[] = [];
  let source = new MemorySource();
  for (const cmd of readScriptCommands(text)) {
    if (cmd.kind === "clear") source = new MemorySource();
    else if (cmd.kind === "load")
      for (const series of cmd.series) {
        const ts: number[] = [];
        const hs: (FloatHistogram | undefined)[] = [];
        const stale: number[] = [];
        series.values.forEach((v, k) => {
          if (v === null) return;
          if (v === "stale") stale.push(ts.length);
          ts.push(k * cmd.gapMs);
          hs.push(v === "stale" ? undefined : v);
        });
        const vs = new Float64Array(ts.length);
        for (const k of stale) vs.set(staleNaNArray(), k);
        source.add({ __name__: series.name, ...series.labels }, ts, vs, hs);
      }
    else cases.push({ ...cmd, source });
  }
  return cases;
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
