// The cold tier's block object (docs/BLOCK-FORMAT.md): one shard's sealed chunks of one time range, immutable,
// self-describing (each series' label-set key beside its id) and checksummed per section, so a reader can fetch
// the header and index in one range read and then only the series it needs. Chunk bytes are opaque here.
import { crc32 } from "./crc32";

export const BLOCK_MAGIC = 0x5647424b; // "VGBK"
/** Version 1: float Gorilla chunks only (bytes 5..7 reserved, zero). Version 2: byte 5 names the chunk kind. */
export const BLOCK_VERSION = 2;
export const BLOCK_HEADER_BYTES = 40;

/** What a block's chunks are: float Gorilla chunks (core/tsdb/chunk.ts) or native histogram chunks
 * (core/tsdb/hist-chunk.ts). One kind per block; the reader of a kind never decodes the other's bytes. */
export type ChunkKind = "float" | "histogram";
const KIND_CODES: Record<ChunkKind, number> = { float: 0, histogram: 1 };

export interface BlockChunk {
  minT: number;
  maxT: number;
  count: number;
  data: Uint8Array;
}

export interface BlockSeries {
  id: number;
  key: string;
  chunks: BlockChunk[];
}

export interface BlockIndexEntry {
  id: number;
  key: string;
  /** Where this series' chunk data starts in the object, its length and CRC-32. */
  offset: number;
  length: number;
  crc: number;
  chunks: { minT: number; maxT: number; count: number; length: number }[];
}

export interface BlockHeader {
  kind: ChunkKind;
  minT: number;
  maxT: number;
  seriesCount: number;
  indexLength: number;
  indexCrc: number;
}

export interface BlockIndex extends BlockHeader {
  series: BlockIndexEntry[];
}

export class BlockFormatError extends Error {
  override name = "BlockFormatError";
}

const U32_MAX = 0xffffffff;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function u32(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > U32_MAX) throw new BlockFormatError(`${what} ${n} does not fit 32 bits`);
  return n;
}

/** Encode `series` (sorted by id here; chunks must be in time order) into one block. A float block is written as
 * version 1, byte for byte what it was before histogram blocks existed (so its key, a digest of its bytes, is
 * too); a histogram block as version 2, which a version-1 reader refuses rather than decode as floats. */
export function encodeBlock(input: BlockSeries[], kind: ChunkKind = "float"): Uint8Array {
  if (input.length === 0) throw new BlockFormatError("a block holds at least one series");
  const series = [...input].sort((a, b) => a.id - b.id);
  const keys = series.map((s) => utf8.encode(s.key));
  let indexLength = 0;
  let dataLength = 0;
  let minT = Number.POSITIVE_INFINITY;
  let maxT = Number.NEGATIVE_INFINITY;
  series.forEach((s, i) => {
    if (s.chunks.length === 0) throw new BlockFormatError(`series ${s.id} has no chunks`);
    if (i > 0 && series[i - 1].id === s.id) throw new BlockFormatError(`series ${s.id} appears twice`);
    indexLength += 24 + keys[i].length + 24 * s.chunks.length;
    for (const c of s.chunks) {
      dataLength += c.data.length;
      minT = Math.min(minT, c.minT);
      maxT = Math.max(maxT, c.maxT);
    }
  });
  const out = new Uint8Array(u32(BLOCK_HEADER_BYTES + indexLength + dataLength, "block size"));
  const view = new DataView(out.buffer);
  let at = BLOCK_HEADER_BYTES;
  let dataAt = BLOCK_HEADER_BYTES + indexLength;
  series.forEach((s, i) => {
    const start = dataAt;
    for (const c of s.chunks) {
      out.set(c.data, dataAt);
      dataAt += c.data.length;
    }
    view.setUint32(at, u32(s.id, "series id"));
    view.setUint32(at + 4, keys[i].length);
    out.set(keys[i], at + 8);
    at += 8 + keys[i].length;
    view.setUint32(at, s.chunks.length);
    view.setUint32(at + 4, start);
    view.setUint32(at + 8, dataAt - start);
    view.setUint32(at + 12, crc32(out.subarray(start, dataAt)));
    at += 16;
    for (const c of s.chunks) {
      view.setFloat64(at, c.minT);
      view.setFloat64(at + 8, c.maxT);
      view.setUint32(at + 16, u32(c.count, "chunk sample count"));
      view.setUint32(at + 20, c.data.length);
      at += 24;
    }
  });
  view.setUint32(0, BLOCK_MAGIC);
  if (kind === "float") view.setUint8(4, 1);
  else {
    view.setUint8(4, 2);
    view.setUint8(5, KIND_CODES[kind]);
  }
  view.setFloat64(8, minT);
  view.setFloat64(16, maxT);
  view.setUint32(24, series.length);
  view.setUint32(28, indexLength);
  view.setUint32(32, crc32(out.subarray(BLOCK_HEADER_BYTES, BLOCK_HEADER_BYTES + indexLength)));
  view.setUint32(36, crc32(out.subarray(0, 36)));
  return out;
}

export function readBlockHeader(bytes: Uint8Array): BlockHeader {
  if (bytes.length < BLOCK_HEADER_BYTES)
    throw new BlockFormatError(`block header truncated: ${bytes.length} of ${BLOCK_HEADER_BYTES} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, BLOCK_HEADER_BYTES);
  if (view.getUint32(0) !== BLOCK_MAGIC) throw new BlockFormatError("not a Vigil block (bad magic)");
  const version = view.getUint8(4);
  if (version < 1 || version > BLOCK_VERSION)
    throw new BlockFormatError(`unsupported block version ${version} (this reader knows 1 to ${BLOCK_VERSION})`);
  if (view.getUint32(36) !== crc32(bytes.subarray(0, 36))) throw new BlockFormatError("block header checksum mismatch");
  const code = version === 1 ? 0 : view.getUint8(5);
  const kind = (Object.keys(KIND_CODES) as ChunkKind[]).find((k) => KIND_CODES[k] === code);
  if (kind === undefined) throw new BlockFormatError(`unknown block chunk kind ${code}`);
  return {
    kind,
    minT: view.getFloat64(8),
    maxT: view.getFloat64(16),
    seriesCount: view.getUint32(24),
    indexLength: view.getUint32(28),
    indexCrc: view.getUint32(32),
  };
}

/** The header and series index from the first BLOCK_HEADER_BYTES + indexLength bytes of a block (or all of it). */
export function decodeBlockIndex(bytes: Uint8Array): BlockIndex {
  const h = readBlockHeader(bytes);
  const end = BLOCK_HEADER_BYTES + h.indexLength;
  if (bytes.length < end) throw new BlockFormatError(`block index truncated: ${bytes.length} of ${end} bytes`);
  const index = bytes.subarray(BLOCK_HEADER_BYTES, end);
  if (crc32(index) !== h.indexCrc) throw new BlockFormatError("block index checksum mismatch");
  const view = new DataView(bytes.buffer, bytes.byteOffset, end);
  const series: BlockIndexEntry[] = [];
  let at = BLOCK_HEADER_BYTES;
  const need = (n: number) => {
    if (at + n > end) throw new BlockFormatError("block index entry runs past the index");
  };
  for (let i = 0; i < h.seriesCount; i++) {
    need(8);
    const id = view.getUint32(at);
    const keyLength = view.getUint32(at + 4);
    need(8 + keyLength + 16);
    let key: string;
    try {
      key = fromUtf8.decode(bytes.subarray(at + 8, at + 8 + keyLength));
    } catch {
      throw new BlockFormatError(`series ${id} key is not UTF-8`);
    }
    at += 8 + keyLength;
    const chunkCount = view.getUint32(at);
    const entry: BlockIndexEntry = {
      id,
      key,
      offset: view.getUint32(at + 4),
      length: view.getUint32(at + 8),
      crc: view.getUint32(at + 12),
      chunks: [],
    };
    at += 16;
    need(24 * chunkCount);
    let sum = 0;
    for (let c = 0; c < chunkCount; c++) {
      const length = view.getUint32(at + 20);
      entry.chunks.push({
        minT: view.getFloat64(at),
        maxT: view.getFloat64(at + 8),
        count: view.getUint32(at + 16),
        length,
      });
      sum += length;
      at += 24;
    }
    if (sum !== entry.length) throw new BlockFormatError(`series ${id}: chunk lengths do not add up to its data`);
    series.push(entry);
  }
  if (at !== end) throw new BlockFormatError("block index has trailing bytes");
  return { ...h, series };
}

/** Split one series' data (exactly `entry.length` bytes read from `entry.offset`) into its chunks. */
export function seriesChunks(entry: BlockIndexEntry, data: Uint8Array): BlockChunk[] {
  if (data.length !== entry.length)
    throw new BlockFormatError(`series ${entry.id} data is ${data.length} bytes, the index says ${entry.length}`);
  if (crc32(data) !== entry.crc) throw new BlockFormatError(`series ${entry.id} data checksum mismatch`);
  const out: BlockChunk[] = [];
  let at = 0;
  for (const c of entry.chunks) {
    out.push({ minT: c.minT, maxT: c.maxT, count: c.count, data: data.subarray(at, at + c.length) });
    at += c.length;
  }
  return out;
}

/** A whole block back into its series (every section verified). */
export function decodeBlock(bytes: Uint8Array): BlockSeries[] {
  const index = decodeBlockIndex(bytes);
  return index.series.map((e) => {
    if (e.offset + e.length > bytes.length) throw new BlockFormatError(`series ${e.id} data runs past the block`);
    return { id: e.id, key: e.key, chunks: seriesChunks(e, bytes.subarray(e.offset, e.offset + e.length)) };
  });
}
