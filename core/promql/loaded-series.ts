import type { Labels } from "./types";

/** One selected series as the evaluator holds it. */
export interface LoadedSeries {
  labels: Labels;
  ts: Float64Array;
  vs: Float64Array;
  /** 1 where the stored sample is a staleness marker; null when the series has none. */
  stale: Uint8Array | null;
  /** The samples without staleness markers: range selectors slice these without copying. */
  liveTs: Float64Array;
  liveVs: Float64Array;
}
