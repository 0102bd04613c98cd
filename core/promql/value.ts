// Values flowing through the evaluator at one evaluation timestamp.
import type { FloatHistogram } from "../histogram/float-histogram";
import type { Labels } from "./types";

export interface Sample {
  labels: Labels;
  /** 0 for a histogram sample, as Prometheus' F. */
  v: number;
  /** Set for a native histogram sample: float operations skip or drop it. */
  h?: FloatHistogram;
  /** Timestamp of the stored sample, when it came straight from a selector (for timestamp()). */
  t?: number;
}

/** Timestamps/values of a range: typed-array views into loaded data, or arrays built by subqueries. */
export type Floats = Float64Array | number[];

export interface Series {
  labels: Labels;
  ts: Floats;
  vs: Floats;
  /** The series' native histogram samples in the window, apart from the floats as Prometheus' HPoints. */
  hts?: Floats;
  hs?: FloatHistogram[];
}

export type Value =
  | { kind: "scalar"; v: number }
  | { kind: "string"; s: string }
  | { kind: "vector"; samples: Sample[] }
  /** A range vector with the window it was cut from (rate() extrapolates to the window's edges). */
  | { kind: "matrix"; series: Series[]; rangeStart: number; rangeEnd: number; rangeMs: number };
