// A reader of Prometheus' promqltest scripts (`load`, `clear`, `eval instant at`, `eval range from ... to ... step`)
// with promqltest's float comparison: what the tests that run the vendored native_histograms.test share, whether
// they evaluate through the pure histogram functions or through the engine.
import type { FloatHistogram } from "./float-histogram";
import { expandHistogramSeries, type HistogramSeriesValue } from "./literal";

export type ScriptValue = number | FloatHistogram;

export interface ScriptSeries {
  name: string;
  labels: Record<string, string>;
  /** One entry per step of the load's gap: null for `_`, "stale" for a stale marker. */
  values: HistogramSeriesValue[];
}

export type ScriptCommand =
  | { kind: "clear" }
  | { kind: "load"; gapMs: number; series: ScriptSeries[] }
  | {
      kind: "eval";
      /** The script's line of the eval command, 1-based. */
      line: number;
      expr: string;
      times: number[];
      range: boolean;
      /** Each expected series: its labels (with __name__ when the line names the metric) and one value per time. */
      expected: { labels: Record<string, string>; values: ScriptValue[] }[];
    };

export function durationMs(s: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(m[1]) * units[m[2]];
  return total;
}

function parseLabels(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (text ?? "").matchAll(/([a-zA-Z_]\w*)\s*=\s*"([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

/** A number as promqltest writes it (`Inf`, `-Inf` included). */
export const scriptNumber = (t: string) =>
  /^[+-]?inf$/i.test(t) ? (t.startsWith("-") ? -Infinity : Infinity) : Number(t);

function parseValues(rest: string): ScriptValue[] {
  if (rest.includes("{{"))
    return expandHistogramSeries(rest).map((v) => {
      if (v === null || v === "stale") throw new Error(`unexpected ${v} in an expectation`);
      return v;
    });
  return rest.split(/\s+/).map(scriptNumber);
}

/** The script's commands in order; an indented line belongs to the command above it. */
export function readScriptCommands(text: string): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i];
    if (head.trim() === "" || head.startsWith("#") || /^\s/.test(head)) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])) body.push(lines[++i].trim());
    if (head.trim() === "clear") {
      out.push({ kind: "clear" });
      continue;
    }
    const load = /^load\s+(\S+)$/.exec(head);
    if (load) {
      const series = body.map((b) => {
        const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(.*)$/.exec(b);
        if (!m) throw new Error(`bad series line ${b}`);
        return { name: m[1], labels: parseLabels(m[2]), values: expandHistogramSeries(m[3]) };
      });
      out.push({ kind: "load", gapMs: durationMs(load[1]), series });
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
      return { labels: { ...parseLabels(m[2]), ...(m[1] ? { __name__: m[1] } : {}) }, values: parseValues(m[3]) };
    });
    const expr = (instant ? instant[2] : range![4]).trim();
    out.push({ kind: "eval", line: i + 1 - body.length, expr, times, range: !!range, expected });
  }
  return out;
}

/** promqltest's comparison of floats (util/almost with epsilon 1e-6). */
export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0) return diff < 1e-6 * 2.2250738585072014e-308;
  return diff / Math.min(Math.abs(a) + Math.abs(b), Number.MAX_VALUE) < 1e-6;
}
