// Native histogram samples in the engine (Prometheus v2.53 engine.go / functions.go): the histogram_*
// functions, and the range functions that read a window's histograms. Every other function reads only a
// window's floats (a series' histograms sit apart in `hts`/`hs`), as Prometheus' functions read only
// `Floats`, and the per-sample float functions skip histogram samples (`if el.H == nil`).
import type { FloatHistogram } from "../histogram/float-histogram";
import {
  histogramAvg,
  histogramCount,
  histogramFraction,
  histogramQuantile,
  histogramStddev,
  histogramStdvar,
  histogramSum,
} from "../histogram/functions";
import { addHistograms, compactHistogram, divideHistogram, subHistograms } from "../histogram/ops";
import { extrapolatedHistogramRate } from "../histogram/rate";
import { detectReset } from "../histogram/reset";
import { dropName } from "./labels";
import { applyRangeFunction, KEEPS_NAME } from "./range-functions";
import type { Sample, Series, Value } from "./value";

type Matrix = Extract<Value, { kind: "matrix" }>;

const ONE_ARG: Record<string, (h: FloatHistogram) => number> = {
  histogram_count: histogramCount,
  histogram_sum: histogramSum,
  histogram_avg: histogramAvg,
  histogram_stddev: histogramStddev,
  histogram_stdvar: histogramStdvar,
};

export const HISTOGRAM_FUNCTIONS = new Set([...Object.keys(ONE_ARG), "histogram_fraction"]);

/** histogram_count/sum/avg/stddev/stdvar(v), and histogram_fraction(lower, upper, v): floats are ignored. */
export function histogramFunction(name: string, vec: Sample[], lower = 0, upper = 0): Sample[] {
  const f = ONE_ARG[name];
  const out: Sample[] = [];
  for (const s of vec) {
    if (!s.h) continue;
    out.push({ labels: dropName(s.labels), v: f ? f(s.h) : histogramFraction(lower, upper, s.h) });
  }
  return out;
}

/** histogram_quantile's native side: one result per histogram sample, before the classic buckets. */
/** histogram_quantile of one native histogram sample. */
export const nativeQuantile = (q: number, s: Sample): Sample => ({
  labels: dropName(s.labels),
  v: histogramQuantile(q, s.h!),
});

/** Drop histogram samples: what a float-only function of an instant vector sees. */
export const floatsOnly = (vec: Sample[]): Sample[] => (vec.some((s) => s.h) ? vec.filter((s) => !s.h) : vec);

/** Range functions whose answer depends on a window's histograms; the rest read its floats only. */
export const HISTOGRAM_RANGE = new Set([
  "rate",
  "increase",
  "delta",
  "last_over_time",
  "count_over_time",
  "present_over_time",
  "sum_over_time",
  "avg_over_time",
  "resets",
]);

function sumHistograms(hs: readonly FloatHistogram[]): FloatHistogram {
  let acc = hs[0];
  for (let i = 1; i < hs.length; i++) acc = addHistograms(acc, hs[i]);
  return compactHistogram(acc);
}

/** The incremental mean of Prometheus' avg (mean += h/n - mean/n), so results match it bit for bit. */
export function meanHistograms(hs: readonly FloatHistogram[]): FloatHistogram {
  let mean = hs[0];
  for (let i = 1; i < hs.length; i++) {
    const n = i + 1;
    mean = addHistograms(mean, subHistograms(divideHistogram(hs[i], n), divideHistogram(mean, n)));
  }
  return compactHistogram(mean);
}

/** One series' window with histograms in it; undefined drops it (too few samples, or floats mixed in). */
function histogramWindow(f: string, s: Series, m: Matrix): Sample | undefined {
  const hs = s.hs!;
  const hts = s.hts!;
  const floats = s.ts.length;
  const labels = KEEPS_NAME.has(f) ? s.labels : dropName(s.labels);
  switch (f) {
    case "count_over_time":
      return { labels, v: floats + hs.length };
    case "present_over_time":
      return { labels, v: 1 };
    case "resets": {
      // v2.53 counts the floats' drops and the histograms' resets each in their own order, then adds them.
      let n = 0;
      for (let i = 1; i < floats; i++) if (s.vs[i] < s.vs[i - 1]) n++;
      for (let i = 1; i < hs.length; i++) if (detectReset(hs[i], hs[i - 1])) n++;
      return { labels, v: n };
    }
    case "last_over_time":
      if (floats > 0 && s.ts[floats - 1] > hts[hts.length - 1]) return { labels, v: s.vs[floats - 1] };
      return { labels, v: 0, h: hs[hs.length - 1] };
  }
  // Prometheus cannot combine floats with histograms: the series is dropped (with an annotation there).
  if (floats > 0) return undefined;
  if (f === "sum_over_time") return { labels, v: 0, h: sumHistograms(hs) };
  if (f === "avg_over_time") return { labels, v: 0, h: meanHistograms(hs) };
  const points = hs.map((h, i) => ({ t: hts[i], h }));
  const h = extrapolatedHistogramRate(points, {
    startMs: m.rangeStart,
    endMs: m.rangeEnd,
    isRate: f === "rate",
    isCounter: f !== "delta",
  });
  return h ? { labels, v: 0, h } : undefined;
}

/** The functions that drop a window mixing floats and histograms, with a warning (v2.53). */
const WARNS_ON_MIX = new Set(["rate", "increase", "delta", "sum_over_time", "avg_over_time"]);

/** Range function `f` over a matrix that may hold histograms; `onMixed` hears of each series dropped for
 * holding both floats and histograms in its window. */
export function applyRangeWithHistograms(
  f: string,
  m: Matrix,
  t: number,
  scalarArg: number,
  onMixed?: (s: Series) => void,
): Sample[] {
  const out: Sample[] = [];
  for (const s of m.series) {
    if (s.hs && s.hs.length > 0 && HISTOGRAM_RANGE.has(f)) {
      if (s.ts.length > 0 && WARNS_ON_MIX.has(f)) onMixed?.(s);
      const r = histogramWindow(f, s, m);
      if (r) out.push(r);
    } else if (s.ts.length > 0) {
      out.push(...applyRangeFunction(f, { ...m, series: [s] }, t, scalarArg));
    }
  }
  return out;
}
