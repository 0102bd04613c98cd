// Functions over range vectors (rate, *_over_time, ...), faithful to Prometheus 2.x arithmetic.
import { PromQLError } from "./errors";
import { dropName } from "./labels";
import type { Floats, Sample, Series, Value } from "./value";
import type { Labels } from "./types";

type Matrix = Extract<Value, { kind: "matrix" }>;

export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

function extrapolatedRate(s: Series, m: Matrix, isCounter: boolean, isRate: boolean): number | undefined {
  return extrapolatedRateAt(s.ts, s.vs, 0, s.vs.length, m.rangeStart, m.rangeEnd, m.rangeMs, isCounter, isRate);
}

/** rate/increase/delta over ts/vs[lo, hi): offsets instead of views, so the fused path allocates nothing. */
export function extrapolatedRateAt(
  ts: Floats,
  vs: Floats,
  lo: number,
  hi: number,
  rangeStart: number,
  rangeEnd: number,
  rangeMs: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const n = hi - lo;
  if (n < 2) return undefined;
  const first = vs[lo];
  let result = vs[hi - 1] - first;
  if (isCounter) {
    let prev = first;
    for (let i = lo + 1; i < hi; i++) {
      const v = vs[i];
      if (v < prev) result += prev;
      prev = v;
    }
  }
  return extrapolate(n, ts[lo], first, ts[hi - 1], result, rangeStart, rangeEnd, rangeMs, isCounter, isRate);
}

/** The extrapolation of rate/increase/delta from a window's `n` samples, its first and last, and `result` (last -
 * first, plus the counter-reset corrections for a counter). Shared with partial window states merged across
 * storage partitions (pushdown/window-state.ts). */
export function extrapolate(
  n: number,
  firstT: number,
  first: number,
  lastT: number,
  result: number,
  rangeStart: number,
  rangeEnd: number,
  rangeMs: number,
  isCounter: boolean,
  isRate: boolean,
): number {
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avgBetween = sampledInterval / (n - 1);
  const threshold = avgBetween * 1.1;
  // As Prometheus 2.5x: clamp to half a sample interval first, then limit by the counter's zero point.
  if (durationToStart >= threshold) durationToStart = avgBetween / 2;
  if (isCounter && result > 0 && first >= 0) {
    const durationToZero = sampledInterval * (first / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = avgBetween / 2;
  const interval = sampledInterval + durationToStart + durationToEnd;
  let factor = interval / sampledInterval;
  if (isRate) factor /= rangeMs / 1000;
  return result * factor;
}

function instantValue(s: Series, isRate: boolean): number | undefined {
  return instantValueAt(s.ts, s.vs, s.vs.length, isRate);
}

/** irate/idelta over the samples before index hi. */
export function instantValueAt(ts: Floats, vs: Floats, hi: number, isRate: boolean, lo = 0): number | undefined {
  if (hi - lo < 2) return undefined;
  return instantFrom(ts[hi - 2], vs[hi - 2], ts[hi - 1], vs[hi - 1], isRate);
}

/** irate/idelta from a window's last two samples. */
export function instantFrom(
  prevT: number,
  prev: number,
  lastT: number,
  last: number,
  isRate: boolean,
): number | undefined {
  let result = isRate && last < prev ? last : last - prev;
  const interval = lastT - prevT;
  if (interval === 0) return undefined;
  if (isRate) result /= interval / 1000;
  return result;
}

export function linearRegression(ts: Floats, vs: Floats, interceptTime: number): [number, number] {
  let n = 0,
    sumX = 0,
    cX = 0,
    sumY = 0,
    cY = 0,
    sumXY = 0,
    cXY = 0,
    sumX2 = 0,
    cX2 = 0;
  const initY = vs[0];
  let constY = true;
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i];
    if (constY && i > 0 && v !== initY) constY = false;
    n++;
    const x = (ts[i] - interceptTime) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(v, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * v, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

export function quantile(q: number, values: Floats): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = Array.from(values).sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower] * (1 - weight) + sorted[upper] * weight;
}

function avg(vs: Floats): number {
  let mean = 0,
    count = 0,
    c = 0;
  for (const v of vs) {
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) continue;
      if (Number.isFinite(v)) continue;
    }
    [mean, c] = kahanSumInc(v / count - mean / count, mean, c);
  }
  if (!Number.isFinite(mean) && !Number.isNaN(mean)) return mean;
  return mean + c;
}

function variance(vs: Floats): number {
  let count = 0,
    mean = 0,
    cMean = 0,
    aux = 0,
    cAux = 0;
  for (const v of vs) {
    count++;
    const delta = v - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

function sum(vs: Floats): number {
  let s = 0,
    c = 0;
  for (const v of vs) [s, c] = kahanSumInc(v, s, c);
  if (!Number.isFinite(s) && !Number.isNaN(s)) return s;
  return s + c;
}

function fold(vs: Floats, f: (acc: number, v: number) => number): number {
  let acc = vs[0];
  for (let i = 1; i < vs.length; i++) acc = f(acc, vs[i]);
  return acc;
}

type Reducer = (s: Series, m: Matrix, t: number, scalarArg: number) => number | undefined;

const overTime =
  (f: (vs: Floats) => number): Reducer =>
  (s) =>
    s.vs.length ? f(s.vs) : undefined;

export const RANGE_FUNCTIONS: Record<string, Reducer> = {
  rate: (s, m) => extrapolatedRate(s, m, true, true),
  increase: (s, m) => extrapolatedRate(s, m, true, false),
  delta: (s, m) => extrapolatedRate(s, m, false, false),
  irate: (s) => instantValue(s, true),
  idelta: (s) => instantValue(s, false),
  deriv: (s) => (s.vs.length < 2 ? undefined : linearRegression(s.ts, s.vs, s.ts[0])[0]),
  predict_linear: (s, _m, t, dur) => {
    if (s.vs.length < 2) return undefined;
    const [slope, intercept] = linearRegression(s.ts, s.vs, t);
    return slope * dur + intercept;
  },
  resets: (s) => {
    if (!s.vs.length) return undefined;
    let n = 0;
    for (let i = 1; i < s.vs.length; i++) if (s.vs[i] < s.vs[i - 1]) n++;
    return n;
  },
  changes: (s) => {
    if (!s.vs.length) return undefined;
    let n = 0;
    for (let i = 1; i < s.vs.length; i++) {
      const a = s.vs[i - 1],
        b = s.vs[i];
      if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++;
    }
    return n;
  },
  avg_over_time: overTime(avg),
  sum_over_time: overTime(sum),
  count_over_time: overTime((vs) => vs.length),
  min_over_time: overTime((vs) => fold(vs, (a, v) => (v < a || Number.isNaN(a) ? v : a))),
  max_over_time: overTime((vs) => fold(vs, (a, v) => (v > a || Number.isNaN(a) ? v : a))),
  stddev_over_time: overTime((vs) => Math.sqrt(variance(vs))),
  stdvar_over_time: overTime(variance),
  last_over_time: overTime((vs) => vs[vs.length - 1]),
  first_over_time: overTime((vs) => vs[0]),
  present_over_time: overTime(() => 1),
  quantile_over_time: (s, _m, _t, q) => (s.vs.length ? quantile(q, s.vs) : undefined),
  mad_over_time: overTime((vs) => {
    const med = quantile(0.5, vs);
    return quantile(
      0.5,
      Array.from(vs, (v) => Math.abs(v - med)),
    );
  }),
};

/** Range functions whose output keeps the metric name (Prometheus 2.x keeps it for last_over_time only). */
export const KEEPS_NAME = new Set(["last_over_time", "first_over_time"]);

export function applyRangeFunction(name: string, m: Matrix, t: number, scalarArg: number): Sample[] {
  const f = RANGE_FUNCTIONS[name];
  const out: Sample[] = [];
  for (const s of m.series) {
    const v = f(s, m, t, scalarArg);
    if (v === undefined) continue;
    const labels: Labels = KEEPS_NAME.has(name) ? s.labels : dropName(s.labels);
    out.push({ labels, v });
  }
  return out;
}

/** holt_winters (Prometheus 2.x) / double_exponential_smoothing (3.x): the last smoothed value. */
export function holtWinters(vs: Floats, sf: number, tf: number): number | undefined {
  if (!(sf > 0 && sf < 1))
    throw new PromQLError("execution", `invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
  if (!(tf > 0 && tf < 1))
    throw new PromQLError("execution", `invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
  if (vs.length < 2) return undefined;
  let s0 = 0;
  let s1 = vs[0];
  let b = vs[1] - vs[0];
  for (let i = 1; i < vs.length; i++) {
    const x = sf * vs[i];
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}
