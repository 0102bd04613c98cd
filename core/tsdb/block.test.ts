import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BLOCK_HEADER_BYTES,
  BlockFormatError,
  type BlockSeries,
  decodeBlock,
  decodeBlockIndex,
  encodeBlock,
  readBlockHeader,
  seriesChunks,
} from "./block";
import { ChunkAppender } from "./chunk";
import { crc32 } from "./crc32";
import { decodeHistChunk, encodeHistChunk } from "./hist-chunk";

function chunk(t0: number, n: number) {
  const a = new ChunkAppender();
  for (let i = 0; i < n; i++) a.append(t0 + i * 15_000, i * 1.5);
  return { minT: t0, maxT: t0 + (n - 1) * 15_000, count: n, data: a.bytes().slice() };
}

const sample: BlockSeries[] = [
  { id: 7, key: '[["__name__","up"],["job","api"]]', chunks: [chunk(1000, 120), chunk(1_801_000, 30)] },
  { id: 3, key: '[["__name__","up"],["job","wéb"]]', chunks: [chunk(2000, 5)] },
];

describe("block format", () => {
  it("round-trips series, keys and chunk bytes, sorted by id, with the time range in the header", () => {
    const bytes = encodeBlock(sample);
    const back = decodeBlock(bytes);
    expect(back.map((s) => s.id)).toEqual([3, 7]);
    expect(back[1]).toEqual({ ...sample[0], chunks: sample[0].chunks.map((c) => ({ ...c, data: c.data })) });
    expect(back[0].key).toBe(sample[1].key);
    const h = readBlockHeader(bytes);
    expect(h).toMatchObject({ minT: 1000, maxT: 1_801_000 + 29 * 15_000, seriesCount: 2 });
    // The index alone (header + index bytes) is enough to locate each series' data.
    const index = decodeBlockIndex(bytes.subarray(0, BLOCK_HEADER_BYTES + h.indexLength));
    const e = index.series[1];
    expect(seriesChunks(e, bytes.subarray(e.offset, e.offset + e.length)).map((c) => c.count)).toEqual([120, 30]);
  });

  it("round-trips arbitrary series (property)", () => {
    const arb = fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 0, max: 2 ** 31 }),
        key: fc.string({ unit: "grapheme", maxLength: 40 }),
        chunks: fc.array(
          fc.record({
            minT: fc.integer({ min: 0, max: 2 ** 45 }),
            span: fc.integer({ min: 0, max: 7_200_000 }),
            count: fc.integer({ min: 1, max: 120 }),
            data: fc.uint8Array({ minLength: 0, maxLength: 64 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 20, selector: (s) => s.id },
    );
    fc.assert(
      fc.property(arb, (raw) => {
        const series = raw.map((s) => ({
          id: s.id,
          key: s.key,
          chunks: s.chunks.map((c) => ({ minT: c.minT, maxT: c.minT + c.span, count: c.count, data: c.data })),
        }));
        const back = decodeBlock(encodeBlock(series));
        expect(back).toEqual([...series].sort((a, b) => a.id - b.id));
      }),
      { numRuns: 200 },
    );
  });

  it("rejects corrupt or foreign input with a clear error", () => {
    const good = encodeBlock(sample);
    const flip = (at: number) => {
      const b = good.slice();
      b[at] ^= 0x01;
      return b;
    };
    expect(() => decodeBlock(new TextEncoder().encode("not a block at all, no no no no"))).toThrow(
      /block header truncated/,
    );
    expect(() => decodeBlock(new Uint8Array(64))).toThrow(/bad magic/);
    expect(() => decodeBlock(flip(12))).toThrow(/header checksum mismatch/);
    expect(() => decodeBlock(flip(BLOCK_HEADER_BYTES + 2))).toThrow(/index checksum mismatch/);
    expect(() => decodeBlock(flip(good.length - 1))).toThrow(/series \d+ data checksum mismatch/);
    expect(() => decodeBlock(good.subarray(0, BLOCK_HEADER_BYTES + 10))).toThrow(/index truncated/);
    const v = good.slice();
    v[4] = 9;
    new DataView(v.buffer).setUint32(36, crc32(v.subarray(0, 36)));
    expect(() => decodeBlock(v)).toThrow(/unsupported block version 9/);
    for (const bad of [flip(12), flip(BLOCK_HEADER_BYTES + 2)])
      expect(() => decodeBlock(bad)).toThrow(BlockFormatError);
  });

  it("keeps a float block version 1 with zero reserved bytes, as blocks were before chunk kinds", () => {
    const bytes = encodeBlock(sample);
    expect([...bytes.subarray(4, 8)]).toEqual([1, 0, 0, 0]);
    expect(readBlockHeader(bytes).kind).toBe("float");
    // An explicit kind writes the same bytes (so the same object key).
    expect(encodeBlock(sample, "float")).toEqual(bytes);
  });

  it("round-trips a native histogram block as version 2 naming its chunk kind", () => {
    const h = {
      schema: 0,
      zeroThreshold: 0,
      zeroCount: 1,
      count: 3,
      sum: 2.5,
      positiveSpans: [{ offset: 0, length: 2 }],
    };
    const samples = [1000, 16_000].map((t, i) => ({
      t,
      h: {
        ...h,
        count: h.count + i,
        counterResetHint: "unknown" as const,
        positiveBuckets: [1, 1 + i],
        negativeSpans: [],
        negativeBuckets: [],
        customValues: [],
      },
    }));
    const data = encodeHistChunk(samples);
    const bytes = encodeBlock(
      [{ id: 4, key: "k", chunks: [{ minT: 1000, maxT: 16_000, count: 2, data }] }],
      "histogram",
    );
    expect([...bytes.subarray(4, 6)]).toEqual([2, 1]);
    expect(readBlockHeader(bytes).kind).toBe("histogram");
    const [s] = decodeBlock(bytes);
    expect(decodeHistChunk(s.chunks[0].data)).toEqual(samples);
    const v = bytes.slice();
    v[5] = 7;
    new DataView(v.buffer).setUint32(36, crc32(v.subarray(0, 36)));
    expect(() => decodeBlock(v)).toThrow(/unknown block chunk kind 7/);
  });

  it("refuses to encode an empty block or a series twice", () => {
    expect(() => encodeBlock([])).toThrow(/at least one series/);
    expect(() => encodeBlock([sample[0], sample[0]])).toThrow(/appears twice/);
    expect(() => encodeBlock([{ id: 1, key: "x", chunks: [] }])).toThrow(/no chunks/);
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});
