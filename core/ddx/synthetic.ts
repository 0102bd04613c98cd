// Deterministic synthetic counters for tests and the benchmark: per-second rates in, Poisson counts out.
import type { Labels } from "../promql/types";
import { seededRng } from "../random";
import type { GridWindow } from "./types";

export interface SynthSeries {
  labels: Labels;
  /** Expected events per second at t (ms); null while the series does not exist (not yet deployed, replaced). */
  rate: (t: number) => number | null;
}

export interface SampledCounts {
  timestamps: number[];
  /** counts[i][j]: events of series i during step j (NaN while the series does not exist). */
  counts: Float64Array[];
}

export function poisson(lambda: number, rnd: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) {
    // Normal approximation (Box-Muller): exact enough at this size and O(1).
    const u = Math.max(rnd(), 1e-12);
    const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * g));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

/** Counts per step in (t - step, t] for t = start + step, ..., end. */
export function sampleCounts(
  series: SynthSeries[],
  start: number,
  end: number,
  stepMs: number,
  seed = 1,
): SampledCounts {
  const rnd = seededRng(seed);
  const timestamps: number[] = [];
  for (let t = start + stepMs; t <= end; t += stepMs) timestamps.push(t);
  const counts = series.map((s) => {
    const out = new Float64Array(timestamps.length);
    timestamps.forEach((t, j) => {
      const r = s.rate(t - stepMs / 2);
      out[j] = r === null ? NaN : poisson((r * stepMs) / 1000, rnd);
    });
    return out;
  });
  return { timestamps, counts };
}

/** The per-second rate grid DDx sees for [from, to] (what `rate(x[step])` evaluated every step returns). */
export function rateGrid(
  series: SynthSeries[],
  sampled: SampledCounts,
  from: number,
  to: number,
  stepMs: number,
): GridWindow {
  const idx: number[] = [];
  sampled.timestamps.forEach((t, j) => {
    if (t > from && t <= to) idx.push(j);
  });
  const out: GridWindow = { timestamps: idx.map((j) => sampled.timestamps[j]), series: [] };
  series.forEach((s, i) => {
    const values = new Float64Array(idx.length);
    let any = false;
    idx.forEach((j, k) => {
      values[k] = sampled.counts[i][j] / (stepMs / 1000);
      if (Number.isFinite(values[k])) any = true;
    });
    if (any) out.series.push({ labels: s.labels, values });
  });
  return out;
}

/** Running totals (a Prometheus counter) per series: NaN steps are omitted by writers. */
export function cumulative(counts: Float64Array): Float64Array {
  const out = new Float64Array(counts.length);
  let total = 0;
  for (let j = 0; j < counts.length; j++) {
    if (Number.isFinite(counts[j])) {
      total += counts[j];
      out[j] = total;
    } else out[j] = NaN;
  }
  return out;
}
