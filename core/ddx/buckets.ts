// Sum each series' steps into at most `maxBuckets` buckets. Everything after (grouping per label, scoring, charts)
// works on buckets, so its cost no longer grows with the number of steps.
//
// The per-series bucket sums are kept (series-major, 10,000 series x 40 buckets is 3.2 MB a side), so the per-label
// cubes read each series' buckets instead of summing its steps again: re-reading every step was a third of a
// metric DDx. Presence is kept only for a side where some series missed a step; a series present at every step
// has presence `full`. Row, column and grand totals are summed here, in the order they always were.
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
  /** Series-major bucket sums: series i's are `cells[i * nb + j]`. */
  cells: Float64Array;
  /** Series-major presence, or null when every series had a finite value at every step. */
  presence: Float64Array | null;
  /** Per series: 1 when it had a finite value at every step. */
  complete: Uint8Array;
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
  const full = new Float64Array(nb);
  for (let j = 0; j < nb; j++) for (let k = 0; k < per[j]; k++) full[j] += scale;
  const cells = new Float64Array(n * nb);
  const complete = new Uint8Array(n);
  let presence: Float64Array | null = null;
  const present = new Float64Array(nb);
  let total = 0;
  for (let i = 0; i < n; i++) {
    labels[i] = g.series[i].labels;
    const values = g.series[i].values;
    const off = i * nb;
    const finite = sumBuckets(values, Math.min(steps, values.length), ends, scale, cells, off, present);
    live[i] = finite > 0 ? 1 : 0;
    complete[i] = finite === steps ? 1 : 0;
    if (!complete[i]) {
      // Filled lazily: the rows before were complete, their presence is `full`.
      if (!presence) {
        presence = new Float64Array(n * nb);
        for (let r = 0; r < i; r++) presence.set(full, r * nb);
      }
      presence.set(present, off);
    } else if (presence) presence.set(full, off);
    let rs = 0;
    let rp = 0;
    for (let j = 0; j < nb; j++) {
      const x = cells[off + j];
      rs += x;
      rp += present[j];
      colSums[j] += x;
      colPresent[j] += present[j];
      total += x;
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
    row: (i, s, p) => {
      s.set(cells.subarray(i * nb, (i + 1) * nb));
      p.set(presence ? presence.subarray(i * nb, (i + 1) * nb) : full);
      return complete[i] === 1;
    },
    cells,
    presence,
    complete,
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
  off: number,
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
    sums[off + j] = sum;
    present[j] = time;
  }
  return finite;
}
