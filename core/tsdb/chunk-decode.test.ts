import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChunkAppender, decodeChunk } from "./chunk";
import { chunkCount, decodeChunkInto } from "./chunk-decode";

const f64 = (hi: number, lo: number) => {
  const u = new Uint32Array(2);
  u[1] = hi;
  u[0] = lo;
  return new Float64Array(u.buffer)[0];
};

describe("decodeChunkInto", () => {
  it("decodes exactly what ChunkAppender wrote, bit for bit, within a time range", () => {
    const value = fc.oneof(
      fc.double(),
      fc.integer({ min: -1000, max: 1000 }),
      fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })).map(([h, l]) => f64(h, l)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.constant(15_000), fc.integer({ min: 1, max: 2 ** 40 })), value), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.integer({ min: -(2 ** 41), max: 2 ** 42 }),
        fc.integer({ min: -(2 ** 41), max: 2 ** 42 }),
        ([first, ...rest], a, b) => {
          const app = new ChunkAppender();
          let t = 1_700_000_000_000 - 2 ** 41;
          const ts = [t];
          app.append(t, first[1]);
          for (const [d, v] of rest) {
            t += d;
            ts.push(t);
            app.append(t, v);
          }
          const bytes = app.bytes();
          const want = decodeChunk(bytes);
          const [start, end] = a <= b ? [ts[0] + a, ts[0] + b] : [-Infinity, Infinity];
          const outT = new Float64Array(chunkCount(bytes) + 3);
          const outV = new Float64Array(chunkCount(bytes) + 3);
          const n = decodeChunkInto(bytes, start, end, outT, new Uint32Array(outV.buffer), 3);
          const keep = [...want.timestamps.keys()].filter(
            (i) => want.timestamps[i] >= start && want.timestamps[i] <= end,
          );
          expect(n).toBe(keep.length);
          expect(Array.from(outT.subarray(3, 3 + n))).toEqual(keep.map((i) => want.timestamps[i]));
          const got = new Uint32Array(outV.buffer, 24, 2 * n);
          const wantBits = new Uint32Array(want.values.buffer);
          const exp = new Uint32Array(keep.flatMap((i) => [wantBits[2 * i], wantBits[2 * i + 1]]));
          expect(Array.from(got)).toEqual(Array.from(exp));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
