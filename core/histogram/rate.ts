// The histogram side of rate, increase and delta (Prometheus v2.53 histogramRate and extrapolatedRate): the
// difference between the last and the first histogram of the window, with every counter reset on the way
// added back, then scaled by the same extrapolation factor as a float counter.
import { type FloatHistogram, HistogramError } from "./float-histogram";
import { addHistograms, compactHistogram, reduceResolution, scaleHistogram, subHistograms } from "./ops";
import { detectReset } from "./reset";

export interface HistogramPoint {
  /** Milliseconds. */
  t: number;
  h: FloatHistogram;
}

/** last - first over the points (at least two), in the coarsest schema seen; for a counter, each reset adds
 * the histogram before it back. The result is a gauge histogram without empty buckets. */
export function histogramIncrease(points: readonly HistogramPoint[], isCounter: boolean): FloatHistogram {
  if (points.length < 2) throw new HistogramError("an increase needs two histograms");
  const first = points[0].h;
  const last = points[points.length - 1].h;
  let minSchema = Math.min(first.schema, last.schema);
  if (isCounter) for (const p of points) minSchema = Math.min(minSchema, p.h.schema);
  let h = subHistograms(reduceResolution(last, minSchema), first);
  if (isCounter) {
    let prev = first;
    for (const p of points.slice(1)) {
      if (detectReset(p.h, prev)) h = addHistograms(h, prev);
      prev = p.h;
    }
  }
  return compactHistogram({ ...h, counterResetHint: "gauge" });
}

export interface RateWindow {
  /** The window's start and end in milliseconds (Prometheus 2: both closed). */
  startMs: number;
  endMs: number;
  /** rate divides by the range; increase and delta do not. */
  isRate: boolean;
  isCounter: boolean;
}

/** rate / increase / delta of histogram samples inside one window; undefined with fewer than two samples. */
export function extrapolatedHistogramRate(
  points: readonly HistogramPoint[],
  w: RateWindow,
): FloatHistogram | undefined {
  if (points.length < 2) return undefined;
  const result = histogramIncrease(points, w.isCounter);
  const firstT = points[0].t;
  const lastT = points[points.length - 1].t;
  const sampled = (lastT - firstT) / 1000;
  const average = sampled / (points.length - 1);
  // Extrapolate to the window's edge when a sample sits near it (within 110% of the average spacing),
  // otherwise by half a spacing only. Unlike floats, histograms are not cut at a counter's zero point.
  const threshold = average * 1.1;
  let toStart = (firstT - w.startMs) / 1000;
  let toEnd = (w.endMs - lastT) / 1000;
  if (toStart >= threshold) toStart = average / 2;
  if (toEnd >= threshold) toEnd = average / 2;
  let factor = (sampled + toStart + toEnd) / sampled;
  if (w.isRate) factor /= (w.endMs - w.startMs) / 1000;
  return scaleHistogram(result, factor);
}

/** The annotations v2.53's histogramRate adds: a gauge histogram given to rate/increase (only the samples
 * between the first and the last are looked at there), or a counter given to delta (first or last). */
export function histogramRateWarnings(
  points: readonly HistogramPoint[],
  isCounter: boolean,
): ("not_counter" | "not_gauge")[] {
  if (points.length < 2) return [];
  if (isCounter) return points.slice(1, -1).some((p) => p.h.counterResetHint === "gauge") ? ["not_counter"] : [];
  const ends = [points[0].h, points[points.length - 1].h];
  return ends.every((h) => h.counterResetHint === "gauge") ? [] : ["not_gauge"];
}
