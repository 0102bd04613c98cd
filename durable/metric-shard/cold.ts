// The metrics cold tier: a shard's sealed chunks move from SQLite rows into immutable block objects in R2
// (core/tsdb/block.ts, docs/BLOCK-FORMAT.md), one per 2 h range and chunk kind (float chunks and native histogram
// chunks in separate blocks; more when a range holds over BLOCK_MAX_BYTES),
// once every chunk of the range has ended before the cutoff (now minus COLD_AFTER_HOURS). A block is recorded in
// `blocks`, and its chunk rows deleted, in one transaction only after its put succeeded: a failed put or a
// restart in between leaves the rows in place and the object unrecorded (swept as an orphan at the next run),
// and the next run writes the same bytes under the same key. Reads: block-reader.ts.
import { type BlockSeries, type ChunkKind, decodeBlockIndex, encodeBlock } from "../../core/tsdb/block";
import { MAX_CHUNK_SPAN_MS } from "../../core/tsdb/chunk";
import { BlockReader, type ColdSource } from "./block-reader";

export const BLOCK_RANGE_MS = 2 * 3_600_000;
/** Ranges one sweep compacts at most (a first sweep over days of rows catches up over the following hours). */
const MAX_RANGES_PER_RUN = 24;

/** Where the ranges that may be compacted at `cutoff` end: ranges whose chunks have all ended before it. */
export function compactBefore(cutoff: number): number {
  const r = cutoff - MAX_CHUNK_SPAN_MS;
  return r - (r % BLOCK_RANGE_MS);
}

/** A range holding more sealed chunk bytes than this is split into several blocks (at series boundaries). */
export const BLOCK_MAX_BYTES = 16 * 1024 * 1024;
export interface CompactResult {
  blocks: number;
  chunks: number;
  bytes: number;
}

type ChunkMeta = { series_id: number; min_t: number; bytes: number };

/** Where each kind's rows live, its code in `blocks.kind`, and the table of its series' spans in blocks. */
const KINDS = [
  { kind: "float", table: "chunks", code: 0, spans: ["cold_series"] },
  { kind: "histogram", table: "hist_chunks", code: 1, spans: ["cold_series", "cold_hist_series"] },
] as const satisfies readonly { kind: ChunkKind; table: string; code: number; spans: readonly string[] }[];
type Kind = (typeof KINDS)[number];

// Sealed rows only: the newest row of a series is its open head, rewritten in place, and never leaves SQLite.
const sealed = (k: Kind) => `min_t < (SELECT MAX(c2.min_t) FROM ${k.table} c2 WHERE c2.series_id = c.series_id)`;

export class ColdTier {
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reader: BlockReader;
  private readonly histReader: BlockReader;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly bucket: R2Bucket,
    /** This shard's key prefix in the bucket, ending with "/". */
    private readonly prefix: string,
  ) {
    this.reader = new BlockReader(sql, bucket, () => this.generation, "float");
    this.histReader = new BlockReader(sql, bucket, () => this.generation, "histogram");
  }

  /** Compaction and retention never overlap (the alarm and a test hook may both call them). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Move sealed chunks ending before `cutoff` into blocks. `crashAfterPut` stops after the first put, before
   * anything is recorded: a restart at the worst moment, for tests. */
  compact(cutoff: number, opts: { crashAfterPut?: boolean } = {}): Promise<CompactResult> {
    return this.exclusive(async () => {
      await this.sweepOrphans();
      const res: CompactResult = { blocks: 0, chunks: 0, bytes: 0 };
      for (const k of KINDS) await this.compactKind(k, cutoff, res, opts);
      return res;
    });
  }

  private async compactKind(k: Kind, cutoff: number, res: CompactResult, opts: { crashAfterPut?: boolean }) {
    // A range is compacted once every chunk starting in it has ended before the cutoff (a chunk spans at most
    // MAX_CHUNK_SPAN_MS), so it becomes one block rather than a block per sweep.
    const ranges = this.sql
      .exec<{ r: number }>(
        `SELECT DISTINCT min_t - (min_t % ?) AS r FROM ${k.table} c WHERE min_t < ? AND max_t < ? AND ${sealed(k)} ORDER BY r LIMIT ?`,
        BLOCK_RANGE_MS,
        compactBefore(cutoff),
        cutoff,
        MAX_RANGES_PER_RUN,
      )
      .toArray()
      .map((x) => x.r);
    for (const r of ranges) {
      for (const part of this.parts(k, r, cutoff)) {
        const series = this.readPart(k, r, cutoff, part.lo, part.hi);
        if (series.length === 0) continue;
        const bytes = encodeBlock(series, k.kind);
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).subarray(0, 12);
        const key = `${this.prefix}${r}-${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
        await this.bucket.put(key, bytes, {
          customMetadata: { format: k.code === 0 ? "vigil-block-1" : "vigil-block-2" },
        });
        if (opts.crashAfterPut) throw new Error("compaction stopped after the put (test hook)");
        res.chunks += this.record(k, key, bytes, series);
        res.blocks++;
        res.bytes += bytes.length;
      }
    }
  }

  /** Series-id ranges of range `r` whose sealed chunks hold about BLOCK_MAX_BYTES each. */
  private parts(k: Kind, r: number, cutoff: number): { lo: number; hi: number }[] {
    const meta = this.sql.exec<ChunkMeta>(
      `SELECT series_id, min_t, length(data) AS bytes FROM ${k.table} c WHERE min_t >= ? AND min_t < ? AND max_t < ? AND ${sealed(k)} ORDER BY series_id`,
      r,
      r + BLOCK_RANGE_MS,
      cutoff,
    );
    const out: { lo: number; hi: number }[] = [];
    let cur: { lo: number; hi: number; bytes: number } | null = null;
    for (const m of meta) {
      if (cur && cur.hi !== m.series_id && cur.bytes >= BLOCK_MAX_BYTES) {
        out.push(cur);
        cur = null;
      }
      if (!cur) cur = { lo: m.series_id, hi: m.series_id, bytes: 0 };
      cur.hi = m.series_id;
      cur.bytes += m.bytes;
    }
    if (cur) out.push(cur);
    return out;
  }

  private readPart(k: Kind, r: number, cutoff: number, lo: number, hi: number): BlockSeries[] {
    const rows = this.sql.exec<{
      series_id: number;
      key: string;
      min_t: number;
      max_t: number;
      count: number;
      data: ArrayBuffer;
    }>(
      `SELECT c.series_id, s.key, c.min_t, c.max_t, c.count, c.data FROM ${k.table} c JOIN series s ON s.id = c.series_id
       WHERE c.series_id BETWEEN ? AND ? AND c.min_t >= ? AND c.min_t < ? AND c.max_t < ? AND ${sealed(k)}
       ORDER BY c.series_id, c.min_t`,
      lo,
      hi,
      r,
      r + BLOCK_RANGE_MS,
      cutoff,
    );
    const out: BlockSeries[] = [];
    for (const row of rows) {
      let s = out[out.length - 1];
      if (!s || s.id !== row.series_id) out.push((s = { id: row.series_id, key: row.key, chunks: [] }));
      s.chunks.push({ minT: row.min_t, maxT: row.max_t, count: row.count, data: new Uint8Array(row.data) });
    }
    return out;
  }

  /** Record a block whose put succeeded and delete the rows it holds, atomically. Returns the rows deleted. */
  private record(k: Kind, key: string, bytes: Uint8Array, series: BlockSeries[]): number {
    const index = decodeBlockIndex(bytes);
    let deleted = 0;
    this.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT OR REPLACE INTO blocks (key, min_t, max_t, bytes, series, index_bytes, kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
        key,
        index.minT,
        index.maxT,
        bytes.length,
        series.length,
        index.indexLength,
        k.code,
      );
      for (const s of series) {
        const first = s.chunks[0];
        const last = s.chunks[s.chunks.length - 1];
        for (const table of k.spans)
          this.sql.exec(
            `INSERT INTO ${table} (series_id, min_t, max_t) VALUES (?, ?, ?) ON CONFLICT (series_id)
             DO UPDATE SET min_t = MIN(min_t, excluded.min_t), max_t = MAX(max_t, excluded.max_t)`,
            s.id,
            first.minT,
            last.maxT,
          );
        // Sealed rows are immutable and new ones only come after the head: this range is exactly what was encoded.
        this.sql.exec(
          `DELETE FROM ${k.table} WHERE series_id = ? AND min_t BETWEEN ? AND ?`,
          s.id,
          first.minT,
          last.minT,
        );
        deleted += s.chunks.length;
      }
      this.generation++;
    });
    return deleted;
  }

  /** Delete objects under this shard's prefix that no row records: puts of runs that never committed, or
   * blocks whose row retention dropped before the object delete went through. */
  private async sweepOrphans(): Promise<number> {
    let swept = 0;
    let cursor: string | undefined;
    do {
      const page = await this.bucket.list({ prefix: this.prefix, cursor });
      const orphans = page.objects
        .map((o) => o.key)
        .filter((k) => this.sql.exec("SELECT 1 FROM blocks WHERE key = ?", k).toArray().length === 0);
      if (orphans.length > 0) await this.bucket.delete(orphans);
      swept += orphans.length;
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return swept;
  }

  /** Retention: whole blocks ending before `cutoff` (row first, so no read meets a missing object). */
  dropBefore(cutoff: number): Promise<number> {
    return this.exclusive(async () => {
      const keys = this.sql
        .exec<{ key: string }>("SELECT key FROM blocks WHERE max_t < ?", cutoff)
        .toArray()
        .map((r) => r.key);
      if (keys.length === 0) return 0;
      this.storage.transactionSync(() => {
        this.sql.exec("DELETE FROM blocks WHERE max_t < ?", cutoff);
        // A series' block span may end before a block that still holds it ends: keep the span until no
        // remaining block can hold the series (so its id is never reused while a block still names it).
        for (const table of ["cold_series", "cold_hist_series"])
          this.sql.exec(
            `DELETE FROM ${table} WHERE max_t < COALESCE((SELECT MIN(min_t) FROM blocks), 9007199254740991)`,
          );
        this.generation++;
      });
      for (let i = 0; i < keys.length; i += 1000) await this.bucket.delete(keys.slice(i, i + 1000));
      return keys.length;
    });
  }

  /** A whole generation's drop: every object under this shard's prefix, recorded or not (the caller then deletes
   * the rows with the object's storage). Objects first, so a restart in between leaves rows naming missing
   * objects in a generation no read consults any more, never objects no one will sweep. */
  dropAll(): Promise<number> {
    return this.exclusive(async () => {
      let dropped = 0;
      let cursor: string | undefined;
      do {
        const page = await this.bucket.list({ prefix: this.prefix, cursor });
        const keys = page.objects.map((o) => o.key);
        if (keys.length > 0) await this.bucket.delete(keys);
        dropped += keys.length;
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      this.generation++;
      return dropped;
    });
  }

  /** Reads of [start, end] for reader.ts, batch by batch: null while no block overlaps the window. */
  source(start: number, end: number): ColdSource {
    return this.reader.source(start, end);
  }

  /** The same over histogram blocks, for hist-read.ts. */
  histSource(start: number, end: number): ColdSource {
    return this.histReader.source(start, end);
  }

  /** How many blocks this shard has in R2, and their bytes (its storage figures). */
  totals(): { blocks: number; bytes: number } {
    const r = this.sql
      .exec<{ blocks: number; bytes: number | null }>("SELECT COUNT(*) AS blocks, SUM(bytes) AS bytes FROM blocks")
      .one();
    return { blocks: r.blocks, bytes: r.bytes ?? 0 };
  }

  /** Blocks recorded in this shard, oldest first (for tests). */
  blocks(): { key: string; minT: number; maxT: number; bytes: number; series: number; kind: ChunkKind }[] {
    return this.sql
      .exec<{ key: string; min_t: number; max_t: number; bytes: number; series: number; kind: number }>(
        "SELECT key, min_t, max_t, bytes, series, kind FROM blocks ORDER BY min_t, key",
      )
      .toArray()
      .map((b) => ({
        key: b.key,
        minT: b.min_t,
        maxT: b.max_t,
        bytes: b.bytes,
        series: b.series,
        kind: KINDS.find((k) => k.code === b.kind)?.kind ?? "float",
      }));
  }
}
