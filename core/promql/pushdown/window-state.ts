// Range functions over a window that no storage partition holds whole (a day generation holds its day and the
// previous day's last 2 h; `increase(x[24h])` at 01:00 needs two days): each partition evaluates, per series and
// step, a partial state over the part of every window inside its own span; the Worker merges a series' states in
// time order and finishes the function exactly as range-functions.ts computes it over the whole window.
import { extrapolate, instantFrom, kahanSumInc } from "../range-functions";
import type { Floats } from "../value";

/** The range functions whose value over a window follows from states over consecutive parts of it. Floats only
 * (a partition refuses a fragment over native histograms, as every fragment). */
export const DECOMPOSABLE = new Set([
  "rate",
  "increase",
  "delta",
  "irate",
  "idelta",
  "sum_over_time",
  "count_over_time",
  "min_over_time",
  "max_over_time",
  "last_over_time",
  "present_over_time",
  "changes",
  "resets",
]);

/** Numbers per step of a state: samples, first t/v, last t/v, the one before last t/v, and the function's
 * accumulator with its compensation (counter-reset corrections, a Kahan sum, min/max, changes/resets). */
export const STATE_WIDTH = 9;
const N = 0;
const FT = 1;
const FV = 2;
const LT = 3;
const LV = 4;
const PT = 5;
const PV = 6;
const A = 7;
const C = 8;

const minFold = (a: number, v: number) => (v < a || Number.isNaN(a) ? v : a);
const maxFold = (a: number, v: number) => (v > a || Number.isNaN(a) ? v : a);
const changed = (a: number, b: number) => a !== b && !(Number.isNaN(a) && Number.isNaN(b));

/** The state of `f` over ts/vs[lo, hi) (live samples, time ascending, hi > lo) into st[o .. o + STATE_WIDTH). */
export function stateOf(f: string, ts: Floats, vs: Floats, lo: number, hi: number, st: Float64Array, o: number) {
  st[o + N] = hi - lo;
  st[o + FT] = ts[lo];
  st[o + FV] = vs[lo];
  st[o + LT] = ts[hi - 1];
  st[o + LV] = vs[hi - 1];
  st[o + PT] = hi - lo > 1 ? ts[hi - 2] : 0;
  st[o + PV] = hi - lo > 1 ? vs[hi - 2] : 0;
  let a = 0;
  let c = 0;
  switch (f) {
    case "rate":
    case "increase":
      for (let i = lo + 1; i < hi; i++) if (vs[i] < vs[i - 1]) a += vs[i - 1];
      break;
    case "sum_over_time":
      for (let i = lo; i < hi; i++) [a, c] = kahanSumInc(vs[i], a, c);
      break;
    case "min_over_time":
    case "max_over_time": {
      const fold = f === "min_over_time" ? minFold : maxFold;
      a = vs[lo];
      for (let i = lo + 1; i < hi; i++) a = fold(a, vs[i]);
      break;
    }
    case "changes":
      for (let i = lo + 1; i < hi; i++) if (changed(vs[i - 1], vs[i])) a++;
      break;
    case "resets":
      for (let i = lo + 1; i < hi; i++) if (vs[i] < vs[i - 1]) a++;
      break;
  }
  st[o + A] = a;
  st[o + C] = c;
}

/** Appends the later state `b` (at b[ob ..]) to the earlier `a` (at a[oa ..]), in place. */
export function mergeState(f: string, a: Float64Array, oa: number, b: Float64Array, ob: number): void {
  const nb = b[ob + N];
  if (nb === 0) return;
  const na = a[oa + N];
  if (na === 0) {
    a.set(b.subarray(ob, ob + STATE_WIDTH), oa);
    return;
  }
  const lastA = a[oa + LV];
  const firstB = b[ob + FV];
  switch (f) {
    case "rate":
    case "increase":
      // A reset at the boundary adds the value before it, as within a part.
      a[oa + A] = a[oa + A] + (firstB < lastA ? lastA : 0) + b[ob + A];
      break;
    case "sum_over_time": {
      const [s, c] = kahanSumInc(b[ob + A], a[oa + A], a[oa + C]);
      a[oa + A] = s;
      a[oa + C] = c + b[ob + C];
      break;
    }
    case "min_over_time":
      a[oa + A] = minFold(a[oa + A], b[ob + A]);
      break;
    case "max_over_time":
      a[oa + A] = maxFold(a[oa + A], b[ob + A]);
      break;
    case "changes":
      a[oa + A] += b[ob + A] + (changed(lastA, firstB) ? 1 : 0);
      break;
    case "resets":
      a[oa + A] += b[ob + A] + (firstB < lastA ? 1 : 0);
      break;
  }
  if (nb > 1) {
    a[oa + PT] = b[ob + PT];
    a[oa + PV] = b[ob + PV];
  } else {
    a[oa + PT] = a[oa + LT];
    a[oa + PV] = lastA;
  }
  a[oa + LT] = b[ob + LT];
  a[oa + LV] = b[ob + LV];
  a[oa + N] = na + nb;
}

/** The function's value over the whole window (rangeStart, rangeEnd], or undefined where it has none. */
export function finishState(
  f: string,
  st: Float64Array,
  o: number,
  rangeStart: number,
  rangeEnd: number,
  rangeMs: number,
): number | undefined {
  const n = st[o + N];
  if (n === 0) return undefined;
  switch (f) {
    case "rate":
    case "increase":
    case "delta": {
      if (n < 2) return undefined;
      const counter = f !== "delta";
      const result = st[o + LV] - st[o + FV] + (counter ? st[o + A] : 0);
      return extrapolate(
        n,
        st[o + FT],
        st[o + FV],
        st[o + LT],
        result,
        rangeStart,
        rangeEnd,
        rangeMs,
        counter,
        f === "rate",
      );
    }
    case "irate":
    case "idelta":
      return n < 2 ? undefined : instantFrom(st[o + PT], st[o + PV], st[o + LT], st[o + LV], f === "irate");
    case "sum_over_time": {
      const s = st[o + A];
      return !Number.isFinite(s) && !Number.isNaN(s) ? s : s + st[o + C];
    }
    case "count_over_time":
      return n;
    case "last_over_time":
      return st[o + LV];
    case "present_over_time":
      return 1;
    default:
      // min/max_over_time, changes, resets.
      return st[o + A];
  }
}
