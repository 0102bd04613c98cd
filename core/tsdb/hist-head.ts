// Appending histogram samples to a series' open histogram chunk, with the rules of float heads (head.ts):
// strictly increasing timestamps, the same timestamp with the same histogram is a silent duplicate, with another
// a conflict; chunks cut at 120 samples or 2 hours.
import { MAX_CHUNK_SAMPLES, MAX_CHUNK_SPAN_MS } from "./chunk";
import { encodeHistChunk, type HistSample, sameHistogram } from "./hist-chunk";
import type { ChunkRow } from "./head";

export interface HistAppendOutcome {
  /** The open chunk after the append (to upsert by (series, minT)), null when nothing was ever stored. */
  open: ChunkRow | null;
  sealed: ChunkRow[];
  accepted: number;
  duplicates: number;
  outOfOrder: number;
  conflicts: number;
}

function row(samples: HistSample[]): ChunkRow {
  return {
    minT: samples[0].t,
    maxT: samples[samples.length - 1].t,
    count: samples.length,
    data: encodeHistChunk(samples),
  };
}

/** `open` holds the samples of the series' newest stored histogram chunk (empty when it has none). */
export function appendHistograms(open: HistSample[], incoming: readonly HistSample[]): HistAppendOutcome {
  const out: HistAppendOutcome = { open: null, sealed: [], accepted: 0, duplicates: 0, outOfOrder: 0, conflicts: 0 };
  let cur = open;
  let changed = false;
  for (const s of incoming) {
    const last = cur[cur.length - 1];
    if (last) {
      if (s.t === last.t) {
        if (sameHistogram(s.h, last.h)) out.duplicates++;
        else out.conflicts++;
        continue;
      }
      if (s.t < last.t) {
        out.outOfOrder++;
        continue;
      }
      if (cur.length >= MAX_CHUNK_SAMPLES || s.t - cur[0].t >= MAX_CHUNK_SPAN_MS) {
        if (changed) out.sealed.push(row(cur));
        cur = [];
        changed = false;
      }
    }
    cur = cur === open ? [...open, s] : (cur.push(s), cur);
    changed = true;
    out.accepted++;
  }
  if (changed) out.open = row(cur);
  return out;
}
