// Severity histogram as stacked bars: per-level counts -> cumulative columns drawn tallest first, so each
// level's bar sits on top of the levels below it; plus the uPlot options that draw them as bars.
import type uPlot from "uplot";
import { buildUplotOptions, type ChartSpec } from "../../charts/options";
import { SEVERITIES } from "./url";

/** Severity colours: quiet for chatter, loud for failures, the same in dark and light themes. */
export const SEVERITY_COLORS: Record<string, string> = {
  unspecified: "#8b949e",
  trace: "#6e7781",
  debug: "#768390",
  info: "#4c9aff",
  warn: "#d29922",
  error: "#f85149",
  fatal: "#a40e26",
};

export interface StackedBars {
  /** Drawing and legend order: the highest severity (top of the stack) first. */
  levels: string[];
  totals: number[];
  raw: number[][];
  data: [number[], ...number[][]];
  stepSec: number;
}

const ORDER = ["unspecified", ...SEVERITIES];

export function stackSeverities(h: {
  buckets: number[];
  stepUs: number;
  counts: Record<string, number[]>;
}): StackedBars {
  const present = ORDER.filter((l) => (h.counts[l] ?? []).some((n) => n > 0));
  const x = h.buckets.map((us) => us / 1e6);
  const cols = present.map((l) => x.map((_, i) => h.counts[l]?.[i] ?? 0));
  const stacked: number[][] = [];
  cols.forEach((c, k) => stacked.push(c.map((n, i) => n + (k ? stacked[k - 1][i] : 0))));
  return {
    levels: [...present].reverse(),
    totals: cols.map((c) => c.reduce((a, b) => a + b, 0)).reverse(),
    raw: [...cols].reverse(),
    data: [x, ...[...stacked].reverse()],
    stepSec: h.stepUs / 1e6,
  };
}

/** The shared chart options (axes, time format, drag-select) with the series drawn as opaque bars.
 * `bars` is uPlot.paths.bars, passed in so this stays testable without a DOM. */
export function buildBarOptions(
  spec: Omit<ChartSpec, "labels" | "unit">,
  s: StackedBars,
  bars: (opts: uPlot.Series.BarsPathBuilderOpts) => uPlot.Series.PathBuilder,
): uPlot.Options {
  const base = buildUplotOptions({ ...spec, labels: s.levels, unit: "lines" });
  const path = bars({ align: 1, size: [0.92, 64, 1] });
  return {
    ...base,
    // Bars start at their bucket: leave room after the last one; counts start at zero.
    scales: {
      x: { time: true, range: (_u, min, max) => [min, max + s.stepSec] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] },
    },
    series: [
      base.series[0],
      ...s.levels.map((level, i) => ({
        label: level,
        stroke: SEVERITY_COLORS[level] ?? "#8b949e",
        fill: SEVERITY_COLORS[level] ?? "#8b949e",
        width: 0,
        paths: path,
        points: { show: false },
        // The legend shows the level's own count, not the cumulative height it is drawn at.
        value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
          idx == null ? "–" : String(s.raw[i][idx] ?? 0),
      })),
    ],
  };
}

export function fmtBucket(stepUs: number): string {
  const s = Math.round(stepUs / 1e6);
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}
