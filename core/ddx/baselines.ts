// The rankings DDx must beat, on the signal alone (errors), per label=value:
//   share shift: share of the errors now minus share before (what an engineer writes in an afternoon);
//   N-sigma:     (mean now - mean before) / stddev before;  median/IQR: the same, robust.
// None of them sees traffic, the rest of the population, or how values overlap.
import { NO_VALUE } from "./types";
import { mean, median, quantile, stddev } from "./stats";
import type { GridWindow } from "./types";

export interface BaselineRanked {
  label: string;
  value: string;
  score: number;
}

/** Per label=value per-step sums of one side. */
function groups(w: GridWindow, exclude: Set<string>): Map<string, Map<string, Float64Array>> {
  const out = new Map<string, Map<string, Float64Array>>();
  const keys = new Set<string>();
  for (const s of w.series) for (const k in s.labels) keys.add(k);
  for (const k of keys) {
    if (k === "__name__" || exclude.has(k)) continue;
    const m = new Map<string, Float64Array>();
    for (const s of w.series) {
      const v = s.labels[k] ?? NO_VALUE;
      let acc = m.get(v);
      if (!acc) m.set(v, (acc = new Float64Array(w.timestamps.length)));
      for (let i = 0; i < acc.length; i++) if (Number.isFinite(s.values[i])) acc[i] += s.values[i];
    }
    out.set(k, m);
  }
  return out;
}

function rankBy(
  window: GridWindow,
  baseline: GridWindow,
  score: (w: Float64Array, b: Float64Array, totals: { w: number; b: number }) => number,
  exclude: string[] = [],
): BaselineRanked[] {
  const ex = new Set(exclude);
  const gw = groups(window, ex);
  const gb = groups(baseline, ex);
  const empty = (n: number) => new Float64Array(n);
  const out: BaselineRanked[] = [];
  let all = 0;
  for (const s of window.series) all += mean(s.values) || 0;
  for (const s of baseline.series) all -= mean(s.values) || 0;
  const direction = all >= 0 ? 1 : -1;
  for (const label of new Set([...gw.keys(), ...gb.keys()])) {
    const mw = gw.get(label) ?? new Map();
    const mb = gb.get(label) ?? new Map();
    const values = new Set([...mw.keys(), ...mb.keys()]);
    if (values.size < 2) continue;
    let tw = 0;
    let tb = 0;
    for (const a of mw.values()) tw += sumOf(a);
    for (const a of mb.values()) tb += sumOf(a);
    for (const value of values) {
      const w = mw.get(value) ?? empty(window.timestamps.length);
      const b = mb.get(value) ?? empty(baseline.timestamps.length);
      out.push({ label, value, score: direction * score(w, b, { w: tw, b: tb }) });
    }
  }
  return out.sort((x, y) => y.score - x.score || x.label.localeCompare(y.label) || x.value.localeCompare(y.value));
}

function sumOf(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

const EPS = 1e-9;

/** Share of the errors in the window minus share in the baseline. */
export function shareShiftRank(window: GridWindow, baseline: GridWindow, exclude?: string[]): BaselineRanked[] {
  return rankBy(
    window,
    baseline,
    (w, b, t) => (t.w > 0 ? sumOf(w) / t.w : 0) - (t.b > 0 ? sumOf(b) / t.b : 0),
    exclude,
  );
}

/** (mean(window) - mean(baseline)) / stddev(baseline). */
export function nSigmaRank(window: GridWindow, baseline: GridWindow, exclude?: string[]): BaselineRanked[] {
  return rankBy(window, baseline, (w, b) => ((mean(w) || 0) - (mean(b) || 0)) / Math.max(stddev(b), EPS), exclude);
}

/** (median(window) - median(baseline)) / (IQR(baseline) / 1.349). */
export function robustRank(window: GridWindow, baseline: GridWindow, exclude?: string[]): BaselineRanked[] {
  return rankBy(
    window,
    baseline,
    (w, b) => ((median(w) || 0) - (median(b) || 0)) / Math.max((quantile(b, 0.75) - quantile(b, 0.25)) / 1.349, EPS),
    exclude,
  );
}
