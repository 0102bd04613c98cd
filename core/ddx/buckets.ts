// Sum each series' steps into at most `maxBuckets` buckets, once. Everything after (grouping per label, scoring,
// charts) works on buckets, so its cost no longer grows with the number of steps.
import type { Labels } from "../promql/types";
import type { GridWindow } from "./types";

export interface Bucketed {
  /** The last step's timestamp of each bucket. */
  timestamps: number[];
  /** Steps per bucket (the last one may hold fewer). */
  steps: Int32Array;
  nb: number;
  labels: Labels[];
  /** Series-major: `sums[i * nb + j]` is series i's finite values summed over bucket j, times `scale`. */
  sums: Float64Array;
  /** Series-major: how long series i was present in bucket j (finite steps, times `scale`): the traffic of a
   * signal without a denominator, so that its "rate" is the signal per series. */
  present: Float64Array;
  /** Series with at least one finite value. */
  live: Uint8Array;
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
  const sums = new Float64Array(n * nb);
  const present = new Float64Array(n * nb);
  const live = new Uint8Array(n);
  const labels: Labels[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { values, labels: l } = g.series[i];
    labels[i] = l;
    live[i] = sumBuckets(values, Math.min(steps, values.length), ends, scale, sums, present, i * nb) ? 1 : 0;
  }
  return { timestamps, steps: per, nb, labels, sums, present, live };
}

/** One series' buckets summed in locals (one store per bucket, not per step: the hot loop of a metric DDx).
 * Returns whether any value was finite. */
function sumBuckets(
  values: ArrayLike<number>,
  m: number,
  ends: Int32Array,
  scale: number,
  sums: Float64Array,
  present: Float64Array,
  off: number,
): boolean {
  let finite = false;
  let s = 0;
  for (let j = 0; j < ends.length && s < m; j++) {
    const end = Math.min(m, ends[j]);
    let sum = 0;
    let time = 0;
    for (; s < end; s++) {
      const v = values[s];
      // Finite only: NaN (no sample) and infinities give NaN here.
      if (v - v === 0) {
        sum += v * scale;
        time += scale;
        finite = true;
      }
    }
    sums[off + j] = sum;
    present[off + j] = time;
  }
  return finite;
}
