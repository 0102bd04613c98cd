// Native histogram samples of matched series in [start, end], from their histogram chunk rows, and merged with a
// series' float samples into the raw form the engine reads (RawSeries: histograms index-aligned with timestamps).
import type { FloatHistogram } from "../../core/histogram/float-histogram";
import { decodeHistChunk, type HistSample } from "../../core/tsdb/hist-chunk";

/** Histogram samples by series id, in time order; series without any in the range are absent. */
export function readHistograms(sql: SqlStorage, ids: readonly number[], start: number, end: number) {
  const out = new Map<number, HistSample[]>();
  for (let i = 0; i < ids.length; i += 90) {
    const part = ids.slice(i, i + 90);
    const rows = sql.exec<{ series_id: number; data: ArrayBuffer }>(
      `SELECT series_id, data FROM hist_chunks WHERE series_id IN (${part.map(() => "?").join(",")}) AND max_t >= ? AND min_t <= ? ORDER BY series_id, min_t`,
      ...part,
      start,
      end,
    );
    for (const r of rows) {
      const samples = decodeHistChunk(new Uint8Array(r.data)).filter((s) => s.t >= start && s.t <= end);
      if (samples.length === 0) continue;
      const list = out.get(r.series_id);
      if (list) list.push(...samples);
      else out.set(r.series_id, samples);
    }
  }
  return out;
}

/** Whether any series has histogram samples in [start, end]. */
export function holdsHistograms(sql: SqlStorage, start: number, end: number): boolean {
  return sql.exec("SELECT 1 FROM hist_chunks WHERE max_t >= ? AND min_t <= ? LIMIT 1", start, end).toArray().length > 0;
}

export interface MergedSamples {
  timestamps: Float64Array;
  values: Float64Array;
  histograms: (FloatHistogram | undefined)[];
}

/** Floats and histograms of one series by time. Storage keeps them in separate chunks; should both hold the same
 * timestamp the float is kept (Prometheus would have refused the second as a duplicate). */
export function mergeWithHistograms(ts: Float64Array, vs: Float64Array, n: number, hs: HistSample[]): MergedSamples {
  let total = n;
  let i = 0;
  for (const h of hs) {
    while (i < n && ts[i] < h.t) i++;
    if (i >= n || ts[i] !== h.t) total++;
  }
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  const histograms: (FloatHistogram | undefined)[] = new Array(total).fill(undefined);
  let a = 0;
  let b = 0;
  for (let k = 0; k < total; k++) {
    if (b >= hs.length || (a < n && ts[a] <= hs[b].t)) {
      if (b < hs.length && ts[a] === hs[b].t) b++;
      timestamps[k] = ts[a];
      // A typed-array copy keeps NaN payloads (stale markers).
      values.set(vs.subarray(a, a + 1), k);
      a++;
    } else {
      timestamps[k] = hs[b].t;
      histograms[k] = hs[b].h;
      b++;
    }
  }
  return { timestamps, values, histograms };
}
