// OTLP delta exponential histograms to the cumulative native histograms Prometheus stores, as delta.ts does for
// sums: each point is added to the series' own last stored histogram, so the total survives restarts, and a point
// not newer than that one (a retried export) is refused as out of order, never counted twice.
import { type FloatHistogram, HistogramError } from "../histogram/float-histogram";
import { addHistograms } from "../histogram/ops";
import type { HistSample } from "./hist-chunk";

/** Cumulative samples for one series' delta points (ascending times). A new series starts at its first point; a
 * point that cannot be added to the total (custom bounds against exponential buckets) starts it over, marked
 * as a counter reset. */
export function deltaHistogramsToCumulative(
  last: HistSample | null,
  points: readonly HistSample[],
): { samples: HistSample[]; outOfOrder: number } {
  let lastT = last ? last.t : Number.NEGATIVE_INFINITY;
  let total: FloatHistogram | null = last ? last.h : null;
  const samples: HistSample[] = [];
  let outOfOrder = 0;
  for (const p of points) {
    if (p.t <= lastT) {
      outOfOrder++;
      continue;
    }
    let next: FloatHistogram;
    if (!total) next = { ...p.h, counterResetHint: "unknown" };
    else {
      try {
        next = { ...addHistograms(total, p.h), counterResetHint: "not_reset" };
      } catch (e) {
        if (!(e instanceof HistogramError)) throw e;
        next = { ...p.h, counterResetHint: "reset" };
      }
    }
    samples.push({ t: p.t, h: next });
    total = next;
    lastT = p.t;
  }
  return { samples, outOfOrder };
}
