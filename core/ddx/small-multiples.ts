// Per-label chart data: one series per value on the window's and the baseline's grids, capped and downsampled.
import type { SmallMultiple } from "./types";
import type { ValueGroup } from "./group";

export const OTHER = "<other>";

/** Average consecutive points so a series has at most `maxPoints` points. */
export function downsample(
  timestamps: number[],
  values: ArrayLike<number>,
  maxPoints: number,
): { t: number[]; v: (number | null)[] } {
  const n = timestamps.length;
  const bucket = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const t: number[] = [];
  const v: (number | null)[] = [];
  for (let i = 0; i < n; i += bucket) {
    let s = 0;
    let k = 0;
    for (let j = i; j < Math.min(n, i + bucket); j++) {
      if (Number.isFinite(values[j])) {
        s += values[j];
        k++;
      }
    }
    t.push(timestamps[i]);
    v.push(k ? s / k : null);
  }
  return { t, v };
}

/** `ordered` are the label's groups, most divergent first. */
export function buildSmallMultiple(
  label: string,
  ordered: ValueGroup[],
  windowTs: number[],
  baselineTs: number[],
  maxSeries: number,
  maxPoints: number,
): SmallMultiple {
  const keep = ordered.length > maxSeries ? ordered.slice(0, Math.max(1, maxSeries - 1)) : ordered;
  const rest = ordered.slice(keep.length);
  const sides = {
    window: { ts: windowTs, key: "windowSteps" as const },
    baseline: { ts: baselineTs, key: "baselineSteps" as const },
  };
  const out = {} as SmallMultiple;
  for (const side of ["window", "baseline"] as const) {
    const { ts, key } = sides[side];
    const series = keep.map((g) => ({ value: g.value, values: downsample(ts, g[key], maxPoints).v }));
    if (rest.length) {
      const sum = new Float64Array(ts.length);
      for (const g of rest) for (let i = 0; i < ts.length; i++) sum[i] += g[key][i];
      series.push({ value: OTHER, values: downsample(ts, sum, maxPoints).v });
    }
    out[side] = { timestamps: downsample(ts, new Float64Array(ts.length), maxPoints).t, series };
  }
  return { label, window: out.window, baseline: out.baseline };
}
