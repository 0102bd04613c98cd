// Values flowing through the evaluator at one evaluation timestamp.
import type { Labels } from "./types";

export interface Sample {
  labels: Labels;
  v: number;
  /** Timestamp of the stored sample, when it came straight from a selector (for timestamp()). */
  t?: number;
}

/** Timestamps/values of a range: typed-array views into loaded data, or arrays built by subqueries. */
export type Floats = Float64Array | number[];

export interface Series {
  labels: Labels;
  ts: Floats;
  vs: Floats;
}

export type Value =
  | { kind: "scalar"; v: number }
  | { kind: "string"; s: string }
  | { kind: "vector"; samples: Sample[] }
  /** A range vector with the window it was cut from (rate() extrapolates to the window's edges). */
  | { kind: "matrix"; series: Series[]; rangeStart: number; rangeEnd: number; rangeMs: number };
