// Argument and return types of PromQL functions, used by the parser's type checks (as Prometheus' checkAST).
import type { ValueType } from "./ast";

export interface FunctionSignature {
  args: ValueType[];
  /** Number of trailing optional args (-1: the last arg repeats without limit). */
  variadic: number;
  ret: ValueType;
}

const v = "vector" as const;
const m = "matrix" as const;
const s = "scalar" as const;
const str = "string" as const;

const sig = (args: ValueType[], ret: ValueType, variadic = 0): FunctionSignature => ({ args, ret, variadic });

const simpleMath = [
  "abs",
  "ceil",
  "floor",
  "exp",
  "ln",
  "log2",
  "log10",
  "sqrt",
  "sgn",
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "cos",
  "cosh",
  "sin",
  "sinh",
  "tan",
  "tanh",
  "deg",
  "rad",
];
const overTime = [
  "avg_over_time",
  "count_over_time",
  "max_over_time",
  "min_over_time",
  "sum_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "last_over_time",
  "present_over_time",
  "mad_over_time",
  "first_over_time",
];
const matrixToVector = [
  "rate",
  "irate",
  "increase",
  "delta",
  "idelta",
  "deriv",
  "resets",
  "changes",
  "absent_over_time",
];
const dateFns = ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"];

export const FUNCTIONS: Record<string, FunctionSignature> = {
  ...Object.fromEntries(simpleMath.map((n) => [n, sig([v], v)])),
  ...Object.fromEntries(overTime.map((n) => [n, sig([m], v)])),
  ...Object.fromEntries(matrixToVector.map((n) => [n, sig([m], v)])),
  ...Object.fromEntries(dateFns.map((n) => [n, sig([v], v, 1)])),
  absent: sig([v], v),
  clamp: sig([v, s, s], v),
  clamp_max: sig([v, s], v),
  clamp_min: sig([v, s], v),
  histogram_quantile: sig([s, v], v),
  histogram_count: sig([v], v),
  histogram_sum: sig([v], v),
  histogram_avg: sig([v], v),
  histogram_stddev: sig([v], v),
  histogram_stdvar: sig([v], v),
  histogram_fraction: sig([s, s, v], v),
  holt_winters: sig([m, s, s], v),
  double_exponential_smoothing: sig([m, s, s], v),
  label_replace: sig([v, str, str, str, str], v),
  label_join: sig([v, str, str, str], v, -1),
  predict_linear: sig([m, s], v),
  quantile_over_time: sig([s, m], v),
  round: sig([v, s], v, 1),
  scalar: sig([v], s),
  sort: sig([v], v),
  sort_desc: sig([v], v),
  sort_by_label: sig([v, str], v, -1),
  sort_by_label_desc: sig([v, str], v, -1),
  time: sig([], s),
  pi: sig([], s),
  timestamp: sig([v], v),
  vector: sig([s], v),
};

/** Functions that exist in only one of the two supported Prometheus versions. */
export const ONLY_IN_2 = new Set(["holt_winters"]);
export const ONLY_IN_3 = new Set(["double_exponential_smoothing"]);
