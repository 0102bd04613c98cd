// Appending one series' samples to its open head chunk, with Prometheus' rules: strictly increasing
// timestamps (older ones are out of order), the same timestamp with the same value bits is a silent duplicate,
// with other bits a conflict. Chunks are cut at 120 samples or 2 hours, as Prometheus does.
import { ChunkAppender, MAX_CHUNK_SAMPLES, MAX_CHUNK_SPAN_MS } from "./chunk";
import { firstSampleTime, resumeChunk, storedChunk } from "./chunk-format";
import type { WalWriter } from "./wal";

export interface Head {
  app: ChunkAppender;
  minT: number;
}

export interface ChunkRow {
  minT: number;
  maxT: number;
  count: number;
  data: Uint8Array;
}

export interface AppendOutcome {
  head: Head | null;
  /** Chunks sealed by this append (to upsert by (series, minT)); the open head is the caller's to persist. */
  sealed: ChunkRow[];
  accepted: number;
  duplicates: number;
  outOfOrder: number;
  conflicts: number;
}

export function headFromRow(data: Uint8Array, minT: number): Head {
  return { app: resumeChunk(data), minT };
}

/** Return the first sample time of a chunk (for rows whose min_t must be recovered). */
export function chunkMinT(data: Uint8Array): number {
  return firstSampleTime(data);
}

/** The row to store for a head: its chunk in the smallest format that holds it exactly (chunk-format.ts). */
export function headRow(h: Head): ChunkRow {
  const xor = h.app.view();
  const data = storedChunk(xor);
  return { minT: h.minT, maxT: h.app.lastT, count: h.app.count, data: data === xor ? xor.slice() : data };
}

/** The row for a head as it is held, XOR, without re-encoding: for a checkpoint of a head that will be
 * written again (at its seal, or compacted by a later checkpoint) before it is final. */
export function xorHeadRow(h: Head): ChunkRow {
  return { minT: h.minT, maxT: h.app.lastT, count: h.app.count, data: h.app.bytes() };
}

const NO_ROWS: ChunkRow[] = [];

/** Appends samples `from` to `to` (exclusive) of `timestamps`: a shard passes one request's flat arrays and
 * a range per series rather than copies. `bits` holds (hi, lo) pairs per sample, as float64Bits() yields on a
 * little-endian host (lo first). Each accepted sample is added to `wal` under `walId`. */
export function appendToHead(
  head: Head | null,
  timestamps: ArrayLike<number>,
  bits: Uint32Array,
  hiIdx: number,
  loIdx: number,
  from = 0,
  to = timestamps.length,
  wal?: WalWriter,
  walId = 0,
): AppendOutcome {
  // Most appends seal nothing: the shared empty list until one does (never pushed to).
  const out: AppendOutcome = { head, sealed: NO_ROWS, accepted: 0, duplicates: 0, outOfOrder: 0, conflicts: 0 };
  for (let i = from; i < to; i++) {
    const t = timestamps[i];
    const hi = bits[2 * i + hiIdx];
    const lo = bits[2 * i + loIdx];
    let h = out.head;
    if (h && h.app.count > 0) {
      const last = h.app.lastT;
      if (t === last) {
        if (h.app.hi === hi && h.app.lo === lo) out.duplicates++;
        else out.conflicts++;
        continue;
      }
      if (t < last) {
        out.outOfOrder++;
        continue;
      }
      if (h.app.count >= MAX_CHUNK_SAMPLES || t - h.minT >= MAX_CHUNK_SPAN_MS) {
        if (out.sealed === NO_ROWS) out.sealed = [];
        out.sealed.push(headRow(h));
        h = null;
      }
    }
    if (!h) {
      h = { app: new ChunkAppender(), minT: t };
      out.head = h;
    }
    h.app.appendBits(t, hi, lo);
    wal?.add(walId, t, hi, lo);
    out.accepted++;
  }
  return out;
}
