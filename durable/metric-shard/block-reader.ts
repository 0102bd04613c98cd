// The cold tier's read side: chunks of a batch of series from the blocks overlapping a window. Each block's
// header and index come in one range read, then only the wanted series' data (neighbours coalesced), every
// section checked against its CRC-32; both are kept in a per-isolate cache bounded in bytes.
import {
  BLOCK_HEADER_BYTES,
  BlockFormatError,
  type BlockIndexEntry,
  type ChunkKind,
  decodeBlockIndex,
  seriesChunks,
} from "../../core/tsdb/block";
import { ByteLru } from "../../core/tsdb/byte-lru";
import { LIMIT_ERROR_PREFIX } from "../../platform/metrics/shard-rpc";

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

type IndexCache = { byId: Map<number, BlockIndexEntry> };
type SeriesCache = { minT: number; maxT: number; data: Uint8Array }[];

/** The cold tier's chunks of a batch of series, or null when no block overlaps the window (no await then). */
export type ColdSource = (part: readonly { id: number }[]) => Promise<ColdRead> | null;

export class BlockReader {
  constructor(
    private readonly sql: SqlStorage,
    private readonly bucket: R2Bucket,
    /** Bumped by every commit that records or drops blocks (cold.ts). */
    private readonly generation: () => number,
    /** The blocks this reader reads: float chunks or native histogram chunks (blocks.kind 0 or 1). */
    private readonly kind: ChunkKind,
  ) {}

  private overlapping(start: number, end: number) {
    return this.sql
      .exec<{ key: string; index_bytes: number }>(
        "SELECT key, index_bytes FROM blocks WHERE kind = ? AND max_t >= ? AND min_t <= ? ORDER BY min_t",
        this.kind === "float" ? 0 : 1,
        start,
        end,
      )
      .toArray();
  }

  /** Reads of [start, end] for reader.ts, batch by batch: null while no block overlaps the window. */
  source(start: number, end: number): ColdSource {
    // The overlapping blocks are looked up again only when blocks were recorded or dropped: not a statement
    // per batch of a query over 100k series.
    let seen = -1;
    let blocks: { key: string; index_bytes: number }[] = [];
    return (part) => {
      if (seen !== this.generation()) {
        seen = this.generation();
        blocks = this.overlapping(start, end);
      }
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
      const generation = this.generation();
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
      if (generation !== this.generation()) continue;
      return { chunks, stale: () => generation !== this.generation() };
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
    if (index.kind !== this.kind)
      throw new BlockFormatError(`block ${key} holds ${index.kind} chunks, recorded as ${this.kind} chunks`);
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
}
