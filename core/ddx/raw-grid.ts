// Grids straight from raw samples, for the common DDx inputs: a counter's per-second rate (its increase spread
// linearly between scrapes, resets handled) or a gauge's last value. O(samples + steps) per series, which keeps
// a 10,000-series DDx far below what evaluating `rate()` step by step through the PromQL engine costs.
import type { Expr } from "../promql/ast";
import type { LabelMatcher, RawSeries } from "../promql/types";
import type { GridWindow } from "./types";

/** Samples further apart than this are not interpolated across (the series was gone), as PromQL's lookback. */
export const LOOKBACK_MS = 300_000;

export type FastPath = { kind: "counter" | "gauge"; matchers: LabelMatcher[] };

/** The fast path for `x` (gauge) or `rate|irate|increase(x[r])` (counter), without offset or @; null otherwise. */
export function fastPathOf(e: Expr): FastPath | null {
  if (e.kind === "vector" && e.offsetMs === 0 && e.at === undefined) return { kind: "gauge", matchers: e.matchers };
  if (e.kind === "call" && ["rate", "irate", "increase"].includes(e.func) && e.args.length === 1) {
    const m = e.args[0];
    if (m.kind === "matrix" && m.vector.offsetMs === 0 && m.vector.at === undefined)
      return { kind: "counter", matchers: m.vector.matchers };
  }
  return null;
}

/** Drop the metric name, as rate() does, so grids from both paths carry the same labels. */
function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _, ...rest } = labels;
  return rest;
}

/** Per-second rate per grid step: step j covers (ts[j] - step, ts[j]]. NaN where no scrape interval overlaps. */
export function counterGrid(raw: RawSeries[], timestamps: number[], stepMs: number): GridWindow {
  const n = timestamps.length;
  const first = (timestamps[0] ?? 0) - stepMs;
  return {
    timestamps,
    series: raw.map((s) => {
      const inc = new Float64Array(n).fill(NaN);
      for (let k = 1; k < s.timestamps.length; k++) {
        const a = s.timestamps[k - 1];
        const b = s.timestamps[k];
        const va = s.values[k - 1];
        const vb = s.values[k];
        if (!(b > a) || b - a > LOOKBACK_MS || !Number.isFinite(va) || !Number.isFinite(vb)) continue;
        const delta = vb >= va ? vb - va : vb;
        // Spread the increase over the buckets the interval (a, b] overlaps, by overlap length.
        let j = Math.max(0, Math.floor((a - first) / stepMs));
        for (; j < n; j++) {
          const lo = first + j * stepMs;
          const hi = lo + stepMs;
          if (lo >= b) break;
          const overlap = Math.min(b, hi) - Math.max(a, lo);
          if (overlap <= 0) continue;
          inc[j] = (Number.isNaN(inc[j]) ? 0 : inc[j]) + (delta * overlap) / (b - a);
        }
      }
      for (let j = 0; j < n; j++) inc[j] = inc[j] / (stepMs / 1000);
      return { labels: withoutName(s.labels), values: inc };
    }),
  };
}

/** A gauge's last sample within the lookback at each grid point. */
export function gaugeGrid(raw: RawSeries[], timestamps: number[]): GridWindow {
  return {
    timestamps,
    series: raw.map((s) => {
      const out = new Float64Array(timestamps.length).fill(NaN);
      let k = 0;
      timestamps.forEach((t, j) => {
        while (k < s.timestamps.length && s.timestamps[k] <= t) k++;
        if (k > 0 && t - s.timestamps[k - 1] <= LOOKBACK_MS && Number.isFinite(s.values[k - 1]))
          out[j] = s.values[k - 1];
      });
      return { labels: s.labels, values: out };
    }),
  };
}
