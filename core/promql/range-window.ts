// Fused evaluation of `f(selector[range])`: instead of building a matrix of typed-array views per series per
// step (millions of short-lived objects at 10k series), each series keeps a moving window cursor that
// ascending steps only push forward, and the hot functions read the window by offsets. Results are the
// same arithmetic as range-functions.ts, which the other functions still run on a view of the window.
import type { LoadedSeries } from "./loaded-series";
import { dropName, labelsKey } from "./labels";
import { extrapolatedRateAt, instantValueAt, KEEPS_NAME, RANGE_FUNCTIONS } from "./range-functions";
import type { Labels } from "./types";
import type { Sample, Value } from "./value";

type Fast = (
  ts: Float64Array,
  vs: Float64Array,
  lo: number,
  hi: number,
  start: number,
  end: number,
  rangeMs: number,
) => number | undefined;

const FAST: Record<string, Fast> = {
  rate: (ts, vs, lo, hi, a, b, r) => extrapolatedRateAt(ts, vs, lo, hi, a, b, r, true, true),
  increase: (ts, vs, lo, hi, a, b, r) => extrapolatedRateAt(ts, vs, lo, hi, a, b, r, true, false),
  delta: (ts, vs, lo, hi, a, b, r) => extrapolatedRateAt(ts, vs, lo, hi, a, b, r, false, false),
  irate: (ts, vs, lo, hi) => instantValueAt(ts, vs, hi, true, lo),
  idelta: (ts, vs, lo, hi) => instantValueAt(ts, vs, hi, false, lo),
  count_over_time: (_ts, _vs, lo, hi) => (hi > lo ? hi - lo : undefined),
  last_over_time: (_ts, vs, lo, hi) => (hi > lo ? vs[hi - 1] : undefined),
  first_over_time: (_ts, vs, lo, hi) => (hi > lo ? vs[lo] : undefined),
  present_over_time: (_ts, _vs, lo, hi) => (hi > lo ? 1 : undefined),
};

/** Window cursors of one matrix selector over its loaded series. */
export class WindowCursors {
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private lastLo = Infinity;
  private lastRef = Infinity;
  /** Output label set per series, and whether they are pairwise distinct (then no per-step duplicate check). */
  private outLabels: Labels[] | null = null;
  private outKeepsName = false;
  private distinct = false;

  constructor(private readonly series: LoadedSeries[]) {
    this.lo = new Int32Array(series.length);
    this.hi = new Int32Array(series.length);
  }

  /** Output labels for `name`, computed once per query; `distinct` tells whether a duplicate check is needed. */
  labelsFor(name: string): { labels: Labels[]; distinct: boolean } {
    const keep = KEEPS_NAME.has(name);
    if (!this.outLabels || this.outKeepsName !== keep) {
      this.outKeepsName = keep;
      this.outLabels = this.series.map((s) => (keep ? s.labels : dropName(s.labels)));
      this.distinct = new Set(this.outLabels.map(labelsKey)).size === this.outLabels.length;
    }
    return { labels: this.outLabels, distinct: this.distinct };
  }

  /** Move every cursor to the window [lo, ref] (or (lo, ref] when left-open). Same bounds as
   * `upperBound(ts, lo - 1)` / `upperBound(ts, ref)`, found by walking forward from the previous step. */
  seek(lo: number, ref: number, leftOpen: boolean): void {
    const back = lo < this.lastLo || ref < this.lastRef;
    this.lastLo = lo;
    this.lastRef = ref;
    const loBound = leftOpen ? lo : lo - 1;
    for (let k = 0; k < this.series.length; k++) {
      const ts = this.series[k].liveTs;
      let i = back ? 0 : this.lo[k];
      let j = back ? 0 : this.hi[k];
      while (i < ts.length && ts[i] <= loBound) i++;
      if (j < i) j = i;
      while (j < ts.length && ts[j] <= ref) j++;
      this.lo[k] = i;
      this.hi[k] = j;
    }
  }

  /** The indexes of the series `among` whose current window holds a float sample. */
  withSamples(among: readonly number[]): number[] {
    return among.filter((k) => this.lo[k] < this.hi[k]);
  }

  /** Apply range function `name` to the current windows. Returns the samples and how many were read. */
  apply(
    name: string,
    lo: number,
    ref: number,
    rangeMs: number,
    t: number,
    scalarArg: number,
  ): { samples: Sample[]; read: number; distinct: boolean } {
    const { labels, distinct } = this.labelsFor(name);
    const fast = FAST[name];
    const slow = RANGE_FUNCTIONS[name];
    const m: Extract<Value, { kind: "matrix" }> = {
      kind: "matrix",
      series: [],
      rangeStart: lo,
      rangeEnd: ref,
      rangeMs,
    };
    const samples: Sample[] = [];
    let read = 0;
    for (let k = 0; k < this.series.length; k++) {
      const i = this.lo[k];
      const j = this.hi[k];
      if (i >= j) continue;
      read += j - i;
      const s = this.series[k];
      const v = fast
        ? fast(s.liveTs, s.liveVs, i, j, lo, ref, rangeMs)
        : slow({ labels: s.labels, ts: s.liveTs.subarray(i, j), vs: s.liveVs.subarray(i, j) }, m, t, scalarArg);
      if (v !== undefined) samples.push({ labels: labels[k], v });
    }
    return { samples, read, distinct };
  }
}
