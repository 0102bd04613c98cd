// Reads matched series' samples in [start, end]: chunks the caller read from cold blocks (cold.ts), chunk rows
// for up to 90 series per statement (under SQLite's bound-parameter limit), dirty heads from memory, decoded into buffers reused from one series to
// the next. A yielded series is valid until the iteration moves on; the consumer may yield to the event loop
// between series, and must await a yielded promise (a batch's blocks loading) before it goes on.
import { decodeChunkInto, chunkCount } from "../../core/tsdb/chunk-decode";
import type { ShardSeries } from "../../core/promql/pushdown/evaluate";
import type { MatchedSeries } from "./lookup";
import type { ColdRead, ColdSource } from "./block-reader";

export type { ColdSource };

/** The in-memory head of a series when it is newer than its stored row. */
export interface HeadView {
  minT: number;
  lastT: number;
  bytes(): Uint8Array;
}

export interface ReadSeries extends ShardSeries {
  id: number;
}

export class SampleBuffers {
  ts = new Float64Array(1024);
  vs = new Float64Array(1024);
  bits = new Uint32Array(this.vs.buffer);
  ensure(n: number): void {
    if (this.ts.length >= n) return;
    const size = Math.max(n, this.ts.length * 2);
    this.ts = new Float64Array(size);
    this.vs = new Float64Array(size);
    this.bits = new Uint32Array(this.vs.buffer);
  }
}

export function* readSeries(
  sql: SqlStorage,
  series: MatchedSeries[],
  start: number,
  end: number,
  headOf: (id: number) => HeadView | undefined,
  buf = new SampleBuffers(),
  cold?: ColdSource,
): Generator<ReadSeries | Promise<unknown>> {
  for (let i = 0; i < series.length; i += 90) {
    const part = series.slice(i, i + 90);
    // A batch's blocks are fetched while the consumer awaits the yielded promise; the rows are read right after,
    // synchronously, unless a compaction or retention moved chunks since that fetch (then fetch again).
    let read: ColdRead | undefined;
    for (;;) {
      const loading = cold?.(part);
      if (!loading) break;
      let got: ColdRead | undefined;
      yield loading.then((r) => {
        got = r;
      });
      if (!got!.stale()) {
        read = got;
        break;
      }
    }
    const bySeries = new Map<number, { minT: number; data: Uint8Array }[]>();
    // Blocks hold a series' older, sealed chunks; rows and the head come after them.
    if (read)
      for (const s of part) {
        const c = read.chunks.get(s.id);
        if (c && c.length > 0) bySeries.set(s.id, [...c]);
      }
    const rows = sql.exec<{ series_id: number; min_t: number; data: ArrayBuffer }>(
      `SELECT series_id, min_t, data FROM chunks WHERE series_id IN (${part.map(() => "?").join(",")}) AND max_t >= ? AND min_t <= ? ORDER BY series_id, min_t`,
      ...part.map((s) => s.id),
      start,
      end,
    );
    for (const r of rows) {
      let list = bySeries.get(r.series_id);
      if (!list) bySeries.set(r.series_id, (list = []));
      list.push({ minT: r.min_t, data: new Uint8Array(r.data) });
    }
    // A dirty head is newer than its row (or has none yet): read it from memory instead. Taken (copied) now,
    // together with the rows: the consumer may yield between series, and an append or a flush meanwhile must
    // not leave a series with neither its flushed row nor its head.
    for (const s of part) {
      const head = headOf(s.id);
      if (!head) continue;
      const chunks = bySeries.get(s.id) ?? [];
      const j = chunks.findIndex((c) => c.minT === head.minT);
      if (j >= 0) chunks.splice(j, 1);
      if (head.minT <= end && head.lastT >= start) chunks.push({ minT: head.minT, data: head.bytes().slice() });
      bySeries.set(s.id, chunks);
    }
    for (const s of part) {
      const chunks = bySeries.get(s.id);
      if (!chunks || chunks.length === 0) continue;
      if (read) chunks.sort((a, b) => a.minT - b.minT);
      let cap = 0;
      for (const c of chunks) cap += chunkCount(c.data);
      buf.ensure(cap);
      let n = 0;
      for (const c of chunks) n += decodeChunkInto(c.data, start, end, buf.ts, buf.bits, n);
      if (n > 0) yield { id: s.id, labels: s.labels, ts: buf.ts, vs: buf.vs, n };
    }
  }
}
