// Log counts per severity level over time buckets, mergeable across shards.
import { severityLevelOf } from "../otlp/logs/types";

export const histogramLevels = ["unspecified", "trace", "debug", "info", "warn", "error", "fatal"] as const;
export type HistogramLevel = (typeof histogramLevels)[number];

export interface LogHistogram {
  startUs: number;
  stepUs: number;
  /** level -> counts per bucket (same length for every level). */
  counts: Record<HistogramLevel, number[]>;
}

export function newHistogram(startUs: number, stepUs: number, buckets: number): LogHistogram {
  const counts = Object.fromEntries(histogramLevels.map((l) => [l, new Array<number>(buckets).fill(0)])) as Record<
    HistogramLevel,
    number[]
  >;
  return { startUs, stepUs, counts };
}

export function addToHistogram(h: LogHistogram, timeUs: number, severity: number, n = 1): void {
  const i = Math.floor((timeUs - h.startUs) / h.stepUs);
  const row = h.counts[severityLevelOf(severity)];
  if (i >= 0 && i < row.length) row[i] += n;
}

export function mergeHistograms(into: LogHistogram, from: LogHistogram): LogHistogram {
  for (const l of histogramLevels) from.counts[l].forEach((n, i) => (into.counts[l][i] += n));
  return into;
}

/** Pick a bucket width giving about `target` buckets over the window, rounded to a friendly size. */
export function chooseStepUs(windowUs: number, target = 60): number {
  const nice = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400].map((s) => s * 1e6);
  const want = windowUs / target;
  return nice.find((s) => s >= want) ?? nice[nice.length - 1];
}
