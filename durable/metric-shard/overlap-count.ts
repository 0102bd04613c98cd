// Samples a day's generation holds as copies of the previous day's last 2 h (GENERATION_OVERLAP_MS): they are
// counted where they were written, in their own day's generation, so storage figures count every sample once.
import { chunkCount, decodeChunkInto } from "../../core/tsdb/chunk-decode";
import { decodeHistChunk } from "../../core/tsdb/hist-chunk";

/** Hot samples (float and native histogram rows) with t < dayStart. Only rows starting before the day are read,
 * and only rows reaching into it are decoded: the overlap's 2 h, never the whole day. */
export function overlapCopies(sql: SqlStorage, dayStart: number): number {
  let n = 0;
  const whole = sql
    .exec<{ n: number | null }>(
      `SELECT SUM(count) AS n FROM
       (SELECT count FROM chunks WHERE max_t < ?1 UNION ALL SELECT count FROM hist_chunks WHERE max_t < ?1)`,
      dayStart,
    )
    .one();
  n += whole.n ?? 0;
  for (const r of sql.exec<{ data: ArrayBuffer }>(
    "SELECT data FROM chunks WHERE min_t < ? AND max_t >= ?",
    dayStart,
    dayStart,
  )) {
    const bytes = new Uint8Array(r.data);
    const size = chunkCount(bytes);
    const ts = new Float64Array(size);
    n += decodeChunkInto(bytes, Number.NEGATIVE_INFINITY, dayStart - 1, ts, new Uint32Array(2 * size), 0);
  }
  for (const r of sql.exec<{ data: ArrayBuffer }>(
    "SELECT data FROM hist_chunks WHERE min_t < ? AND max_t >= ?",
    dayStart,
    dayStart,
  ))
    for (const s of decodeHistChunk(new Uint8Array(r.data))) if (s.t < dayStart) n++;
  return n;
}
