// Group series by one label's values and sum them step by step (missing samples count as zero).
import type { GridWindow } from "./types";
import { NO_VALUE } from "./types";

export interface ValueGroup {
  value: string;
  windowSteps: Float64Array;
  baselineSteps: Float64Array;
  /** Window series carrying the value that had at least one sample in the window. */
  windowSeries: number;
}

/** Window series that have at least one finite sample. */
export function presentIn(w: GridWindow): boolean[] {
  return w.series.map((s) => {
    for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i])) return true;
    return false;
  });
}

/** Copy every series into a zero-filled Float64Array of the grid's length (missing -> 0) once, so the per-label
 * sums below are branch-free loops over one array type. */
export function dense(w: GridWindow): GridWindow {
  const n = w.timestamps.length;
  return {
    timestamps: w.timestamps,
    series: w.series.map((s) => {
      const out = new Float64Array(n);
      const m = Math.min(n, s.values.length);
      for (let i = 0; i < m; i++) {
        const v = s.values[i];
        if (Number.isFinite(v)) out[i] = v;
      }
      return { labels: s.labels, values: out };
    }),
  };
}

function addInto(target: Float64Array, values: ArrayLike<number>): void {
  const v = values as Float64Array;
  for (let i = 0; i < target.length; i++) target[i] += v[i];
}

/** Values analysed one by one per label; the smallest of the rest are pooled (bounds memory on id-like labels). */
export const MAX_VALUES_ANALYSED = 1000;
export const POOLED = "<other values>";

function sumOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** For a label with too many values: the values to keep (largest signal over both windows); null keeps all. */
function keepSet(label: string, window: GridWindow, baseline: GridWindow): Set<string> | null {
  const total = new Map<string, number>();
  for (const w of [window, baseline]) {
    const n = Math.max(1, w.timestamps.length);
    for (const s of w.series) {
      const v = s.labels[label] ?? NO_VALUE;
      total.set(v, (total.get(v) ?? 0) + sumOf(s.values) / n);
    }
  }
  if (total.size <= MAX_VALUES_ANALYSED) return null;
  return new Set(
    [...total.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_VALUES_ANALYSED - 1)
      .map(([v]) => v),
  );
}

/** One pass over both windows for one label key. Both windows must come from `dense()`. */
export function groupByLabel(
  label: string,
  window: GridWindow,
  baseline: GridWindow,
  windowPresent: boolean[],
): ValueGroup[] {
  const groups = new Map<string, ValueGroup>();
  const keep = keepSet(label, window, baseline);
  const valueOf = (labels: Record<string, string>): string => {
    const v = labels[label] ?? NO_VALUE;
    return keep && !keep.has(v) ? POOLED : v;
  };
  const get = (value: string): ValueGroup => {
    let g = groups.get(value);
    if (!g) {
      g = {
        value,
        windowSteps: new Float64Array(window.timestamps.length),
        baselineSteps: new Float64Array(baseline.timestamps.length),
        windowSeries: 0,
      };
      groups.set(value, g);
    }
    return g;
  };
  window.series.forEach((s, i) => {
    const g = get(valueOf(s.labels));
    addInto(g.windowSteps, s.values);
    if (windowPresent[i]) g.windowSeries++;
  });
  for (const s of baseline.series) addInto(get(valueOf(s.labels)).baselineSteps, s.values);
  return [...groups.values()];
}

/** Every label key present on any series, minus __name__, filtered by include/exclude. */
export function labelKeys(window: GridWindow, baseline: GridWindow, include?: string[], exclude?: string[]): string[] {
  const keys = new Set<string>();
  for (const w of [window, baseline]) for (const s of w.series) for (const k of Object.keys(s.labels)) keys.add(k);
  keys.delete("__name__");
  let out = [...keys];
  if (include && include.length) out = out.filter((k) => include.includes(k));
  if (exclude && exclude.length) out = out.filter((k) => !exclude.includes(k));
  return out.sort();
}
