// Sum each series' steps into at most `maxBuckets` buckets. Everything after (grouping per label, scoring, charts)
// works on buckets, so its cost no longer grows with the number of steps.
//
// The per-series bucket sums are not kept: 10,000 series x 40 buckets x 2 sides is 13 MB of fresh memory per
// DDx, and touching fresh memory cost more than computing the buckets twice. What later stages read whole (row,
// column and grand totals) is summed here, in the order they always were; the per-label cubes ask for one series'
// buckets at a time (`row`), recomputed from the grid identically.
import type { Labels } from "../promql/types";
import type { GridWindow } from "./types";

export interface Bucketed {
  /** The last step's timestamp of each bucket. */
  timestamps: number[];
  /** Steps per bucket (the last one may hold fewer). */
  steps: Int32Array;
  nb: number;
  labels: Labels[];
  /** Per series: its bucket sums added in bucket order. A bucket sum is the series' finite values in the bucket,
   * times `scale`. */
  rowSums: Float64Array;
  /** Per series: how long it was present (finite steps, times `scale`), bucket by bucket: the traffic of a signal
   * without a denominator, so that its "rate" is the signal per series. */
  rowPresent: Float64Array;
  /** Per bucket: every series' sum (presence) added in series order. */
  colSums: Float64Array;
  colPresent: Float64Array;
  /** Every bucket sum added series by series, bucket by bucket. */
  total: number;
  /** Series with at least one finite value. */
  live: Uint8Array;
  /** Series i's bucket sums and presence, into `sums` and `present` (nb long each); true when it had a finite
   * value at every step (its presence is then `full`). */
  row(i: number, sums: Float64Array, present: Float64Array): boolean;
  /** Presence per bucket of a series with a value at every step. */
  full: Float64Array;
  /** Presence figures are whole numbers (a whole-number scale), small enough that any sums of them are exact, in
   * any order. */
  wholePresence: boolean;
}

/** `scale` turns per-second rates into counts (seconds per step); 1 keeps the signal's units. */
export function bucketize(g: GridWindow, maxBuckets: number, scale = 1): Bucketed {
  const steps = g.timestamps.length;
  const nb = Math.max(0, Math.min(steps, maxBuckets));
  const per = new Int32Array(nb);
  // Steps map to buckets in order, so bucket j is the contiguous run of steps before `ends[j]`.
  const ends = new Int32Array(nb);
  const timestamps: number[] = new Array(nb).fill(0);
  for (let s = 0; s < steps; s++) {
    const b = Math.min(nb - 1, Math.floor((s * nb) / steps));
    per[b]++;
    ends[b] = s + 1;
    timestamps[b] = g.timestamps[s];
  }
  const n = g.series.length;
  const labels: Labels[] = new Array(n);
  const rowSums = new Float64Array(n);
  const rowPresent = new Float64Array(n);
  const colSums = new Float64Array(nb);
  const colPresent = new Float64Array(nb);
  const live = new Uint8Array(n);
  const row = (i: number, sums: Float64Array, present: Float64Array): number => {
    const values = g.series[i].values;
    return sumBuckets(values, Math.min(steps, values.length), ends, scale, sums, present);
  };
  const full = new Float64Array(nb);
  for (let j = 0; j < nb; j++) for (let k = 0; k < per[j]; k++) full[j] += scale;
  const sums = new Float64Array(nb);
  const present = new Float64Array(nb);
  let total = 0;
  for (let i = 0; i < n; i++) {
    labels[i] = g.series[i].labels;
    live[i] = row(i, sums, present) > 0 ? 1 : 0;
    let rs = 0;
    let rp = 0;
    for (let j = 0; j < nb; j++) {
      rs += sums[j];
      rp += present[j];
      colSums[j] += sums[j];
      colPresent[j] += present[j];
      total += sums[j];
    }
    rowSums[i] = rs;
    rowPresent[i] = rp;
  }
  return {
    timestamps,
    steps: per,
    nb,
    labels,
    rowSums,
    rowPresent,
    colSums,
    colPresent,
    total,
    live,
    row: (i, s, p) => row(i, s, p) === steps,
    full,
    wholePresence: Number.isInteger(scale) && Math.abs(scale) * steps * n < 2 ** 53,
  };
}

/** One series' buckets summed in locals (one store per bucket, not per step: the hot loop of a metric DDx).
 * Returns how many values were finite. */
function sumBuckets(
  values: ArrayLike<number>,
  m: number,
  ends: Int32Array,
  scale: number,
  sums: Float64Array,
  present: Float64Array,
): number {
  let finite = 0;
  let s = 0;
  for (let j = 0; j < ends.length; j++) {
    const end = Math.min(m, ends[j]);
    let sum = 0;
    let time = 0;
    for (; s < end; s++) {
      const v = values[s];
      // Finite only: NaN (no sample) and infinities give NaN here.
      if (v - v === 0) {
        sum += v * scale;
        time += scale;
        finite++;
      }
    }
    sums[j] = sum;
    present[j] = time;
  }
  return finite;
}
