// Put engine output on a fixed step grid (the shape core/ddx scores).
import type { NumericSeries } from "../../core/promql/engine";
import type { GridWindow } from "../../core/ddx/types";

export function gridTimestamps(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let t = start + step; t <= end; t += step) out.push(t);
  return out;
}

export function toGrid(series: NumericSeries[], timestamps: number[], step: number): GridWindow {
  const first = timestamps[0] ?? 0;
  return {
    timestamps,
    series: series.map((s) => {
      const values = new Float64Array(timestamps.length).fill(NaN);
      for (let i = 0; i < s.timestamps.length; i++) {
        const j = Math.round((s.timestamps[i] - first) / step);
        if (j >= 0 && j < values.length) values[j] = s.values[i];
      }
      return { labels: s.labels, values };
    }),
  };
}
