// Native histogram samples of matched series in [start, end], from their histogram chunk rows and the cold tier's
// histogram blocks, and merged with a series' float samples into the raw form the engine reads (RawSeries:
// histograms index-aligned with timestamps).
import type { FloatHistogram } from "../../core/histogram/float-histogram";
import { decodeHistChunk, type HistSample } from "../../core/tsdb/hist-chunk";
import type { ColdRead, ColdSource } from "./block-reader";

/** Histogram samples by series id, in time order; series without any in the range are absent. `cold` reads the
 * histogram blocks overlapping [start, end] (ColdTier.histSource). */
export async function readHistograms(
  sql: SqlStorage,
  ids: readonly number[],
  start: number,
  end: number,
  cold?: ColdSource,
): Promise<Map<number, HistSample[]>> {
  const out = new Map<number, HistSample[]>();
  for (let i = 0; i < ids.length; i += 90) {
    const part = ids.slice(i, i + 90);
    // A batch's blocks first; its rows are read right after, synchronously, unless a compaction or retention
    // moved chunks since that fetch (then fetch again): no chunk is missed or read twice.
    let read: ColdRead | undefined;
    for (;;) {
      const loading = cold?.(part.map((id) => ({ id })));
      if (!loading) break;
      const got = await loading;
      if (!got.stale()) {
        read = got;
        break;
      }
    }
    const bySeries = new Map<number, { minT: number; data: Uint8Array }[]>();
    // Blocks hold a series' older, sealed chunks; its rows come after them.
    if (read) for (const [id, chunks] of read.chunks) if (chunks.length > 0) bySeries.set(id, [...chunks]);
    const rows = sql.exec<{ series_id: number; min_t: number; data: ArrayBuffer }>(
      `SELECT series_id, min_t, data FROM hist_chunks WHERE series_id IN (${part.map(() => "?").join(",")}) AND max_t >= ? AND min_t <= ? ORDER BY series_id, min_t`,
      ...part,
      start,
      end,
    );
    for (const r of rows) {
      let list = bySeries.get(r.series_id);
      if (!list) bySeries.set(r.series_id, (list = []));
      list.push({ minT: r.min_t, data: new Uint8Array(r.data) });
    }
    for (const id of part) {
      const chunks = bySeries.get(id);
      if (!chunks) continue;
      if (read) chunks.sort((a, b) => a.minT - b.minT);
      const samples: HistSample[] = [];
      for (const c of chunks) for (const s of decodeHistChunk(c.data)) if (s.t >= start && s.t <= end) samples.push(s);
      if (samples.length > 0) out.set(id, samples);
    }
  }
  return out;
}

/** Ids of the series that have histogram chunk rows or histograms in the cold tier's blocks. */
export function histogramSeriesIds(sql: SqlStorage): Set<number> {
  const ids = new Set<number>();
  for (const r of sql.exec<{ series_id: number }>(
    "SELECT DISTINCT series_id FROM hist_chunks UNION SELECT series_id FROM cold_hist_series",
  ))
    ids.add(r.series_id);
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
    // A series' span in histogram blocks counts whole (a gap inside it too): at worst a refusal, answered raw.
    const hit = sql.exec(
      `SELECT 1 FROM hist_chunks WHERE series_id = ? AND max_t >= ? AND min_t <= ?
       UNION ALL SELECT 1 FROM cold_hist_series WHERE series_id = ? AND max_t >= ? AND min_t <= ? LIMIT 1`,
      id,
      start,
      end,
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
