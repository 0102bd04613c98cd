// The metrics cold tier: a shard's sealed chunks older than COLD_AFTER_HOURS move from SQLite rows into
// immutable block objects in R2 (core/tsdb/block.ts, docs/BLOCK-FORMAT.md), one per 2 h range (more when a range
// holds over BLOCK_MAX_BYTES), once every chunk of the range has ended before the cutoff. A block is recorded in `blocks`, and its chunk rows deleted, in one transaction
// only after its put succeeded: a failed put or a restart in between leaves the rows in place, the object
// unrecorded (swept as an orphan at the next run) and the next run writes the same bytes under the same key.
// Reads fetch the header and index of each block overlapping the window (one range read), then only the
// matched series' data, through a per-isolate cache bounded in bytes.
import {
  BLOCK_HEADER_BYTES,
  type BlockIndexEntry,
  type BlockSeries,
  decodeBlockIndex,
  encodeBlock,
  seriesChunks,
} from "../../core/tsdb/block";
import { ByteLru } from "../../core/tsdb/byte-lru";
import { MAX_CHUNK_SPAN_MS } from "../../core/tsdb/chunk";
import { LIMIT_ERROR_PREFIX } from "../../platform/metrics/shard-rpc";

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
/** Compressed cold chunk bytes one read (a batch of 90 series) may gather: past it, a limit error rather than
 * an isolate out of memory. */
export const COLD_READ_BYTES = 32 * 1024 * 1024;
/** Adjacent series' data closer than this is fetched in one range read. */
const COALESCE_GAP = 64 * 1024;
const FETCH_MAX = 8 * 1024 * 1024;

/** Block indexes and series data, shared by every shard object in the isolate: the 128 MB bound is the
 * isolate's, not one object's. Block keys are unique and their objects immutable, so entries never go stale. */
const cache = new ByteLru<unknown>(24 * 1024 * 1024);

export type ColdChunks = Map<number, { minT: number; data: Uint8Array }[]>;

/** Chunks read from blocks for one query, valid while no compaction or retention has moved data since. */
export interface ColdRead {
  chunks: ColdChunks;
  /** True once blocks were recorded or dropped after this read: chunk rows it expects may be gone. */
  stale(): boolean;
}

export interface CompactResult {
  blocks: number;
  chunks: number;
  bytes: number;
}

type IndexCache = { byId: Map<number, BlockIndexEntry> };
type SeriesCache = { minT: number; maxT: number; data: Uint8Array }[];

type ChunkMeta = { series_id: number; min_t: number; bytes: number };

// Sealed rows only: the newest row of a series is its open head, rewritten in place, and never leaves SQLite.
const SEALED = "min_t < (SELECT MAX(c2.min_t) FROM chunks c2 WHERE c2.series_id = c.series_id)";

export class ColdTier {
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly bucket: R2Bucket,
    /** This shard's key prefix in the bucket, ending with "/". */
    private readonly prefix: string,
  ) {}

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
      // A range is compacted once every chunk starting in it has ended before the cutoff (a chunk spans at most
      // MAX_CHUNK_SPAN_MS), so it becomes one block rather than a block per sweep.
      const ranges = this.sql
        .exec<{ r: number }>(
          `SELECT DISTINCT min_t - (min_t % ?) AS r FROM chunks c WHERE min_t < ? AND max_t < ? AND ${SEALED} ORDER BY r LIMIT ?`,
          BLOCK_RANGE_MS,
          compactBefore(cutoff),
          cutoff,
          MAX_RANGES_PER_RUN,
        )
        .toArray()
        .map((x) => x.r);
      for (const r of ranges) {
        for (const part of this.parts(r, cutoff)) {
          const series = this.readPart(r, cutoff, part.lo, part.hi);
          if (series.length === 0) continue;
          const bytes = encodeBlock(series);
          const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).subarray(0, 12);
          const key = `${this.prefix}${r}-${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
          await this.bucket.put(key, bytes, { customMetadata: { format: "vigil-block-1" } });
          if (opts.crashAfterPut) throw new Error("compaction stopped after the put (test hook)");
          res.chunks += this.record(key, bytes, series);
          res.blocks++;
          res.bytes += bytes.length;
        }
      }
      return res;
    });
  }

  /** Series-id ranges of range `r` whose sealed chunks hold about BLOCK_MAX_BYTES each. */
  private parts(r: number, cutoff: number): { lo: number; hi: number }[] {
    const meta = this.sql.exec<ChunkMeta>(
      `SELECT series_id, min_t, length(data) AS bytes FROM chunks c WHERE min_t >= ? AND min_t < ? AND max_t < ? AND ${SEALED} ORDER BY series_id`,
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

  private readPart(r: number, cutoff: number, lo: number, hi: number): BlockSeries[] {
    const rows = this.sql.exec<{
      series_id: number;
      key: string;
      min_t: number;
      max_t: number;
      count: number;
      data: ArrayBuffer;
    }>(
      `SELECT c.series_id, s.key, c.min_t, c.max_t, c.count, c.data FROM chunks c JOIN series s ON s.id = c.series_id
       WHERE c.series_id BETWEEN ? AND ? AND c.min_t >= ? AND c.min_t < ? AND c.max_t < ? AND ${SEALED}
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
  private record(key: string, bytes: Uint8Array, series: BlockSeries[]): number {
    const index = decodeBlockIndex(bytes);
    let deleted = 0;
    this.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT OR REPLACE INTO blocks (key, min_t, max_t, bytes, series, index_bytes) VALUES (?, ?, ?, ?, ?, ?)",
        key,
        index.minT,
        index.maxT,
        bytes.length,
        series.length,
        index.indexLength,
      );
      for (const s of series) {
        const first = s.chunks[0];
        const last = s.chunks[s.chunks.length - 1];
        this.sql.exec(
          `INSERT INTO cold_series (series_id, min_t, max_t) VALUES (?, ?, ?) ON CONFLICT (series_id)
           DO UPDATE SET min_t = MIN(min_t, excluded.min_t), max_t = MAX(max_t, excluded.max_t)`,
          s.id,
          first.minT,
          last.maxT,
        );
        // Sealed rows are immutable and new ones only come after the head: this range is exactly what was encoded.
        this.sql.exec("DELETE FROM chunks WHERE series_id = ? AND min_t BETWEEN ? AND ?", s.id, first.minT, last.minT);
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
        this.sql.exec(
          "DELETE FROM cold_series WHERE max_t < COALESCE((SELECT MIN(min_t) FROM blocks), 9007199254740991)",
        );
        this.generation++;
      });
      for (let i = 0; i < keys.length; i += 1000) await this.bucket.delete(keys.slice(i, i + 1000));
      return keys.length;
    });
  }

  private overlapping(start: number, end: number) {
    return this.sql
      .exec<{ key: string; index_bytes: number }>(
        "SELECT key, index_bytes FROM blocks WHERE max_t >= ? AND min_t <= ? ORDER BY min_t",
        start,
        end,
      )
      .toArray();
  }

  /** Reads of [start, end] for reader.ts, batch by batch: null while no block overlaps the window. */
  source(start: number, end: number): (part: readonly { id: number }[]) => Promise<ColdRead> | null {
    return (part) => {
      const blocks = this.overlapping(start, end);
      return blocks.length === 0 ? null : this.read(part, start, end, blocks);
    };
  }

  /** Chunks of `ids` overlapping [start, end] from the blocks that overlap it. */
  async read(
    ids: readonly { id: number }[],
    start: number,
    end: number,
    known?: { key: string; index_bytes: number }[],
  ): Promise<ColdRead> {
    for (;;) {
      const generation = this.generation;
      const blocks = known ?? this.overlapping(start, end);
      known = undefined;
      const chunks: ColdChunks = new Map();
      if (blocks.length > 0 && ids.length > 0) {
        let bytes = 0;
        for (const b of blocks) {
          const index = await this.index(b.key, b.index_bytes);
          const wanted = ids
            .map((s) => index.byId.get(s.id))
            .filter(
              (e): e is BlockIndexEntry => e !== undefined && e.chunks.some((c) => c.maxT >= start && c.minT <= end),
            );
          const data = await this.seriesData(b.key, wanted);
          for (const e of wanted) {
            let list = chunks.get(e.id);
            if (!list) chunks.set(e.id, (list = []));
            for (const c of data.get(e.id)!) {
              if (c.maxT < start || c.minT > end) continue;
              bytes += c.data.length;
              if (bytes > COLD_READ_BYTES)
                throw new Error(
                  `${LIMIT_ERROR_PREFIX} more than ${COLD_READ_BYTES >> 20} MiB of compressed cold chunks in one shard; narrow the selector or the time range`,
                );
              list.push({ minT: c.minT, data: c.data });
            }
          }
        }
      }
      if (generation !== this.generation) continue;
      return { chunks, stale: () => generation !== this.generation };
    }
  }

  private async get(key: string, offset: number, length: number): Promise<Uint8Array> {
    const obj = await this.bucket.get(key, { range: { offset, length } });
    if (!obj) throw new Error(`block ${key} is recorded but missing from R2`);
    const bytes = new Uint8Array(await obj.arrayBuffer());
    if (bytes.length !== length)
      throw new Error(`block ${key}: read ${bytes.length} bytes at ${offset}, expected ${length}`);
    return bytes;
  }

  private async index(key: string, indexBytes: number): Promise<IndexCache> {
    const hit = cache.get(`i:${key}`) as IndexCache | undefined;
    if (hit) return hit;
    const index = decodeBlockIndex(await this.get(key, 0, BLOCK_HEADER_BYTES + indexBytes));
    const value = { byId: new Map(index.series.map((e) => [e.id, e])) };
    cache.set(`i:${key}`, value, 2 * indexBytes + 96 * index.series.length);
    return value;
  }

  /** Each entry's chunks, from the cache or fetched (neighbours coalesced into one range read). */
  private async seriesData(key: string, entries: BlockIndexEntry[]): Promise<Map<number, SeriesCache>> {
    const out = new Map<number, SeriesCache>();
    const missing: BlockIndexEntry[] = [];
    for (const e of entries) {
      const hit = cache.get(`d:${key}:${e.id}`) as SeriesCache | undefined;
      if (hit) out.set(e.id, hit);
      else missing.push(e);
    }
    missing.sort((a, b) => a.offset - b.offset);
    for (let i = 0; i < missing.length; ) {
      let j = i + 1;
      while (
        j < missing.length &&
        missing[j].offset - (missing[j - 1].offset + missing[j - 1].length) <= COALESCE_GAP &&
        missing[j].offset + missing[j].length - missing[i].offset <= FETCH_MAX
      )
        j++;
      const from = missing[i].offset;
      const bytes = await this.get(key, from, missing[j - 1].offset + missing[j - 1].length - from);
      for (const e of missing.slice(i, j)) {
        const chunks = seriesChunks(e, bytes.slice(e.offset - from, e.offset - from + e.length));
        const value = chunks.map((c) => ({ minT: c.minT, maxT: c.maxT, data: c.data }));
        cache.set(`d:${key}:${e.id}`, value, e.length + 48 * chunks.length + 64);
        out.set(e.id, value);
      }
      i = j;
    }
    return out;
  }

  /** Blocks recorded in this shard (for stats and tests). */
  blocks(): { key: string; minT: number; maxT: number; bytes: number; series: number }[] {
    return this.sql
      .exec<{ key: string; min_t: number; max_t: number; bytes: number; series: number }>(
        "SELECT key, min_t, max_t, bytes, series FROM blocks ORDER BY min_t, key",
      )
      .toArray()
      .map((b) => ({ key: b.key, minT: b.min_t, maxT: b.max_t, bytes: b.bytes, series: b.series }));
  }
}
