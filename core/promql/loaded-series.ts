import type { FloatHistogram } from "../histogram/float-histogram";
import type { Labels } from "./types";

/** One selected series as the evaluator holds it. */
export interface LoadedSeries {
  labels: Labels;
  ts: Float64Array;
  vs: Float64Array;
  /** 1 where the stored sample is a staleness marker; null when the series has none. */
  stale: Uint8Array | null;
  /** The float samples without staleness markers: range selectors slice these without copying. */
  liveTs: Float64Array;
  liveVs: Float64Array;
  /** Index-aligned with `ts`: the histogram where the sample is one; null when the series has none. */
  hs: (FloatHistogram | undefined)[] | null;
  /** The histogram samples apart (empty when `hs` is null), as range selectors hand them out. */
  liveHts: Float64Array;
  liveHs: FloatHistogram[];
}
