import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BITS_HI, BITS_LO, ChunkAppender, float64Bits } from "./chunk";
import { chunkCount, decodeChunkInto } from "./chunk-decode";
import { firstSampleTime, resumeChunk, storedChunk } from "./chunk-format";
import { INT_CHUNK_TAG, encodeIntChunk } from "./int-chunk";

const STALE = bitsOf(0x7ff00000, 0x00000002);

function bitsOf(hi: number, lo: number): number {
  const u = new Uint32Array(2);
  u[BITS_HI] = hi;
  u[BITS_LO] = lo;
  return new Float64Array(u.buffer)[0];
}

/** Values whose bits matter: NaN payloads, infinities, signed zeros, integers past 2^53. */
const special = fc.constantFrom(STALE, Number.NaN, bitsOf(0xfff80000, 1), Infinity, -Infinity, -0, 0, 2 ** 53 + 2);

const integers = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
);
const decimals = fc
  .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 18 }))
  .map(([m, e]) => m / 10 ** e);
const bigFloats = fc.double({ min: 2 ** 53, max: 1e300, noNaN: true }).map(Math.floor);

/** A series shape: the values of one chunk. */
const valuesArb = fc.oneof(
  fc.array(integers, { minLength: 1, maxLength: 120 }),
  fc.array(decimals, { minLength: 1, maxLength: 120 }),
  fc.array(fc.oneof(integers, decimals, special, bigFloats, fc.double()), { minLength: 1, maxLength: 120 }),
  // Counters with resets: steady increments, sometimes back to a small value.
  fc
    .tuple(
      fc.integer({ min: 0, max: 1e12 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.boolean()), { minLength: 0, maxLength: 119 }),
    )
    .map(([v0, steps]) => {
      let v = v0;
      return [v0, ...steps.map(([d, reset]) => (v = reset && d % 7 === 0 ? d : v + d))];
    }),
  fc.tuple(fc.oneof(integers, decimals, special), fc.integer({ min: 1, max: 120 })).map(([v, n]) => Array(n).fill(v)),
  // An integer chunk but for one value.
  fc
    .tuple(fc.array(integers, { minLength: 2, maxLength: 120 }), special, fc.nat())
    .map(([vs, s, at]) => vs.map((v, i) => (i === at % vs.length ? s : v))),
);

const timesArb = (n: number) =>
  fc
    .tuple(
      fc.integer({ min: -(2 ** 42), max: 2 ** 42 }),
      fc.oneof(
        fc.constant(Array<number>(n).fill(15_000)),
        fc.array(fc.integer({ min: 14_990, max: 15_010 }), { minLength: n, maxLength: n }),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 2 ** 40 })), {
          minLength: n,
          maxLength: n,
        }),
      ),
    )
    .map(([t0, steps]) => {
      let t = t0;
      return steps.map((d, i) => (i === 0 ? t : (t += d)));
    });

const seriesArb = valuesArb.chain((vs) => timesArb(vs.length).map((ts) => ({ ts, vs })));

function xorChunk(ts: number[], vs: number[]): Uint8Array {
  const app = new ChunkAppender();
  for (let i = 0; i < ts.length; i++) app.append(ts[i], vs[i]);
  return app.bytes();
}

function decodeAll(bytes: Uint8Array, start = -Infinity, end = Infinity) {
  const ts = new Float64Array(chunkCount(bytes) + 2);
  const vs = new Float64Array(chunkCount(bytes) + 2);
  const n = decodeChunkInto(bytes, start, end, ts, float64Bits(vs), 2);
  return { ts: Array.from(ts.subarray(2, 2 + n)), bits: Array.from(float64Bits(vs.subarray(2, 2 + n))) };
}

describe("integer chunks", () => {
  it("store exactly what the XOR chunk holds, bit for bit, and are chosen only when smaller", () => {
    fc.assert(
      fc.property(seriesArb, ({ ts, vs }) => {
        const xor = xorChunk(ts, vs);
        const stored = storedChunk(xor);
        expect(stored.length).toBeLessThanOrEqual(xor.length);
        expect(chunkCount(stored)).toBe(ts.length);
        const want = { ts, bits: Array.from(float64Bits(Float64Array.from(vs))) };
        expect(decodeAll(stored)).toEqual(want);
        expect(decodeAll(xor)).toEqual(want);
        expect(firstSampleTime(stored)).toBe(ts[0]);
        const small = vs.every((v) => Number.isInteger(v) && Math.abs(v) <= 1000 && !Object.is(v, -0));
        // Small integers at a scrape's regular steps always pack smaller. Irregular steps (jumps of days among
        // steps of milliseconds) can make the integer chunk the larger one, and XOR is then rightly kept.
        const regular = ts.every((t, i) => i === 0 || Math.abs(t - ts[i - 1] - 15_000) <= 10);
        if (small && regular && vs.length >= 10) expect(stored[0]).toBe(INT_CHUNK_TAG);
      }),
      { numRuns: 3000 },
    );
  });

  it("decline decimals whose common exponent would push an earlier mantissa past 2^53", () => {
    // -0.0900719926 fits at 10 places, but 7.4071e-13 needs 17, and -0.0900719926 * 10^17 is past 2^53: the chunk
    // was once written with a 54-bit field that its own decoder refused as corrupt (fast-check seed 566047569).
    const ts = [0, 15_000, 30_000];
    const vs = [-0.0900719926, -0.01, 7.4071e-13];
    const bits = float64Bits(Float64Array.from(vs));
    expect(encodeIntChunk(Float64Array.from(ts), bits, 3)).toBeNull();
    const stored = storedChunk(xorChunk(ts, vs));
    expect(decodeAll(stored)).toEqual({ ts, bits: Array.from(bits) });
  });

  it("decline any chunk with a value that is not an exact decimal: NaN payloads, ±Inf, -0, past 2^53", () => {
    fc.assert(
      // Small integers, so that only the special value can make the encoder decline.
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 119 }), special, fc.nat(), (vs, s, at) => {
        const values = [...vs];
        values.splice(at % (vs.length + 1), 0, s);
        const ts = values.map((_, i) => 1_700_000_000_000 + i * 15_000);
        const out = encodeIntChunk(Float64Array.from(ts), float64Bits(Float64Array.from(values)), values.length);
        const exact = Number.isSafeInteger(s) && !Object.is(s, -0);
        expect(out === null).toBe(!exact);
      }),
      { numRuns: 500 },
    );
  });

  it("decode only the requested time range", () => {
    fc.assert(
      fc.property(seriesArb, fc.integer(), fc.integer(), ({ ts, vs }, a, b) => {
        const stored = storedChunk(xorChunk(ts, vs));
        const span = ts[ts.length - 1] - ts[0] + 1;
        const [lo, hi] = [ts[0] + (Math.abs(a) % (span + 2)) - 1, ts[0] + (Math.abs(b) % (span + 2)) - 1].sort(
          (x, y) => x - y,
        );
        const all = decodeAll(stored);
        const keep = all.ts.map((t, i) => [t, i] as const).filter(([t]) => t >= lo && t <= hi);
        const got = decodeAll(stored, lo, hi);
        expect(got.ts).toEqual(keep.map(([t]) => t));
        expect(got.bits).toEqual(keep.flatMap(([, i]) => [all.bits[2 * i], all.bits[2 * i + 1]]));
      }),
      { numRuns: 1000 },
    );
  });

  it("resume as the same XOR head, whichever format the row was stored in", () => {
    fc.assert(
      fc.property(seriesArb, ({ ts, vs }) => {
        const cut = Math.max(1, ts.length - 1);
        const xor = xorChunk(ts.slice(0, cut), vs.slice(0, cut));
        const app = resumeChunk(storedChunk(xor));
        for (let i = cut; i < ts.length; i++) app.append(ts[i], vs[i]);
        expect(app.bytes()).toEqual(xorChunk(ts, vs));
      }),
      { numRuns: 500 },
    );
  });

  it("pack a regular counter of small increments under 1 byte per sample, timestamps free", () => {
    let v = 1_000_000;
    const ts = Array.from({ length: 120 }, (_, i) => 1_765_000_000_000 + i * 15_000);
    const vs = ts.map((_, i) => (v += 40 + ((i * 37) % 61)));
    const stored = storedChunk(xorChunk(ts, vs));
    expect(stored[0]).toBe(INT_CHUNK_TAG);
    // 61 distinct increments need 6 bits each; the rest is the header (about 20 bytes).
    expect(stored.length).toBeLessThan(120 * 0.95);
    const decimal = storedChunk(
      xorChunk(
        ts,
        vs.map((x) => x / 1000),
      ),
    );
    expect(decimal[0]).toBe(INT_CHUNK_TAG);
    expect(decimal.length).toBe(stored.length);
  });

  it("store a counter reset or a missed scrape apart instead of widening every sample", () => {
    let v = 1_000_000;
    const regular = Array.from({ length: 120 }, (_, i) => 1_765_000_000_000 + i * 15_000);
    const counter = regular.map((_, i) => (v += 40 + ((i * 37) % 61)));
    const base = storedChunk(xorChunk(regular, counter)).length;
    const reset = counter.map((x, i) => (i >= 70 ? x - counter[69] : x));
    const missed = regular.map((t, i) => (i >= 50 ? t + 15_000 : t));
    for (const [ts, vs] of [
      [regular, reset],
      [missed, counter],
    ]) {
      const stored = storedChunk(xorChunk(ts, vs));
      expect(stored.length).toBeLessThanOrEqual(base + 6);
      expect(decodeAll(stored)).toEqual({ ts, bits: Array.from(float64Bits(Float64Array.from(vs))) });
    }
  });

  it("still decode chunks written before integer chunks existed (count-first XOR rows)", () => {
    // An XOR chunk of three samples as the format has always written it: count 3, then t0, v0 and the stream.
    const old = xorChunk([1000, 16000, 31000], [1.5, STALE, Infinity]);
    expect(old[0]).toBe(0);
    expect(old[1]).toBe(3);
    expect(storedChunk(old)).toBe(old);
    const got = decodeAll(old);
    expect(got.ts).toEqual([1000, 16000, 31000]);
    expect(got.bits).toEqual(Array.from(float64Bits(Float64Array.from([1.5, STALE, Infinity]))));
  });

  it("refuse a truncated integer chunk rather than invent samples", () => {
    const stored = storedChunk(xorChunk([0, 15_000, 30_000, 45_000], [1, 200_000, 7, 3_000_000]));
    expect(stored[0]).toBe(INT_CHUNK_TAG);
    expect(() => decodeAll(stored.subarray(0, 6))).toThrow(RangeError);
  });
});
