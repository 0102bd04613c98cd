// Per-label chart data: one series per value (most divergent first, the rest summed as `<other>`), on the
// window's and the baseline's buckets. In rate mode each point is the value's error rate; otherwise its signal.
import type { Bucketed } from "./buckets";
import type { LabelCube, Side } from "./cube";
import type { SmallMultiple } from "./types";

export const OTHER = "<other>";

export interface ChartScale {
  rate: boolean;
  /** Per side: what one bucket sum is divided by per step (seconds per step for counts, 1 for gauges). */
  window: number;
  baseline: number;
}

function points(
  side: Side,
  grid: Bucketed,
  pick: (v: number) => boolean,
  values: number[],
  unit: number,
  rate: boolean,
): (number | null)[] {
  const out: (number | null)[] = [];
  for (let j = 0; j < side.nb; j++) {
    let e = 0;
    let n = 0;
    for (const v of values) {
      if (!pick(v)) continue;
      e += side.e[v * side.nb + j];
      n += side.n[v * side.nb + j];
    }
    if (rate) out.push(n > 0 ? e / n : null);
    else out.push(grid.steps[j] > 0 ? e / (grid.steps[j] * unit) : null);
  }
  return out;
}

/** `order`: the label's value indexes, most divergent first. */
export function buildSmallMultiple(
  cube: LabelCube,
  order: number[],
  grids: { window: Bucketed; baseline: Bucketed },
  scale: ChartScale,
  maxSeries: number,
): SmallMultiple {
  const keep = order.length > maxSeries ? order.slice(0, Math.max(1, maxSeries - 1)) : order;
  const rest = order.slice(keep.length);
  const rate = scale.rate && !cube.trafficUnknown;
  const make = (sideName: "w" | "b") => {
    const side = cube[sideName];
    const grid = sideName === "w" ? grids.window : grids.baseline;
    const unit = sideName === "w" ? scale.window : scale.baseline;
    const series = keep.map((v) => ({
      value: cube.values[v],
      values: points(side, grid, (x) => x === v, [v], unit, rate),
    }));
    if (rest.length) series.push({ value: OTHER, values: points(side, grid, () => true, rest, unit, rate) });
    return { timestamps: grid.timestamps, series };
  };
  return { label: cube.label, unit: rate ? "rate" : "signal", window: make("w"), baseline: make("b") };
}
