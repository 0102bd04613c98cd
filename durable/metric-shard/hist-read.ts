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

/** Ids of the series that have histogram chunk rows (the primary key's prefix, so an index walk). */
export function histogramSeriesIds(sql: SqlStorage): Set<number> {
  const ids = new Set<number>();
  for (const r of sql.exec<{ series_id: number }>("SELECT DISTINCT series_id FROM hist_chunks")) ids.add(r.series_id);
  return ids;
}

/** Whether any of `ids` has histogram samples in [start, end]. `withRows` holds the ids that have histogram rows
 * at all, so a float-only selector costs one set lookup per series and no SQL. */
export function holdsHistograms(
  sql: SqlStorage,
  withRows: ReadonlySet<number>,
  ids: Iterable<number>,
  start: number,
  end: number,
): boolean {
  if (withRows.size === 0) return false;
  for (const id of ids) {
    if (!withRows.has(id)) continue;
    const hit = sql.exec(
      "SELECT 1 FROM hist_chunks WHERE series_id = ? AND max_t >= ? AND min_t <= ? LIMIT 1",
      id,
      start,
      end,
    );
    if (hit.toArray().length > 0) return true;
  }
  return false;
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
