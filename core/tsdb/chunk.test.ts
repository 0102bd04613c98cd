import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChunkAppender, ChunkIterator, bitsToFloat64, decodeChunk, decodeRange, float64Bits } from "./chunk";

const STALE_HI = 0x7ff00000;
const STALE_LO = 0x00000002;

/** Raw 64-bit value patterns, including NaN payloads, infinities and signed zeros. */
const bitsArb = fc.oneof(
  fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff)),
  fc.constantFrom<[number, number]>(
    [STALE_HI, STALE_LO],
    [0x7ff80000, 0],
    [0x7ff00000, 0],
    [0xfff00000, 0],
    [0x80000000, 0],
    [0, 0],
  ),
  fc.double().map((d) => {
    const u = float64Bits(new Float64Array([d]));
    return [u[1], u[0]] as [number, number];
  }),
);

const seriesArb = fc
  .tuple(
    fc.integer({ min: -1e12, max: 4e12 }),
    fc.array(fc.tuple(fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 2 ** 40 })), bitsArb), {
      minLength: 1,
      maxLength: 120,
    }),
  )
  .map(([t0, steps]) => {
    let t = t0;
    return steps.map(([dt, bits], i) => ({ t: i === 0 ? t : (t += dt), bits }));
  });

describe("Gorilla chunk codec", () => {
  it("round-trips irregular timestamps and arbitrary value bits (NaN payloads, Inf, -0)", () => {
    fc.assert(
      fc.property(seriesArb, (samples) => {
        const app = new ChunkAppender();
        for (const s of samples) app.appendBits(s.t, s.bits[0], s.bits[1]);
        const it = new ChunkIterator(app.bytes());
        for (const s of samples) {
          expect(it.next()).toBe(true);
          expect(it.t).toBe(s.t);
          expect([it.hi, it.lo]).toEqual([s.bits[0] >>> 0, s.bits[1] >>> 0]);
        }
        expect(it.next()).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("resumes an open chunk and yields the same bytes as one pass", () => {
    fc.assert(
      fc.property(seriesArb, fc.nat(), (samples, cutSeed) => {
        const cut = cutSeed % samples.length;
        const whole = new ChunkAppender();
        for (const s of samples) whole.appendBits(s.t, s.bits[0], s.bits[1]);
        const first = new ChunkAppender();
        for (const s of samples.slice(0, cut)) first.appendBits(s.t, s.bits[0], s.bits[1]);
        const resumed = cut === 0 ? new ChunkAppender() : ChunkAppender.resume(first.bytes());
        for (const s of samples.slice(cut)) resumed.appendBits(s.t, s.bits[0], s.bits[1]);
        expect(resumed.bytes()).toEqual(whole.bytes());
      }),
      { numRuns: 200 },
    );
  });

  it("keeps the stale marker bits through decodeChunk's Float64Array", () => {
    const app = new ChunkAppender();
    app.append(1000, 1.5);
    app.appendBits(16000, STALE_HI, STALE_LO);
    app.append(31000, Infinity);
    const { timestamps, values } = decodeChunk(app.bytes());
    expect([...timestamps]).toEqual([1000, 16000, 31000]);
    const u = float64Bits(values);
    expect([u[3], u[2]]).toEqual([STALE_HI, STALE_LO]);
    expect(values[0]).toBe(1.5);
    expect(values[2]).toBe(Infinity);
  });

  it("decodes only the requested time range", () => {
    const app = new ChunkAppender();
    for (let i = 0; i < 10; i++) app.append(i * 1000, i);
    const out = { t: [] as number[], bits: [] as number[] };
    expect(decodeRange(app.bytes(), 2500, 5000, out)).toBe(3);
    expect(out.t).toEqual([3000, 4000, 5000]);
    expect([...bitsToFloat64(out.bits)]).toEqual([3, 4, 5]);
  });

  it("stores a regular counter in under 2 bytes per sample", () => {
    const app = new ChunkAppender();
    let v = 1000;
    for (let i = 0; i < 120; i++) app.append(1_700_000_000_000 + i * 15_000, (v += (i * 7) % 13));
    expect(app.bytes().length / 120).toBeLessThan(2);
  });
});

import { labelsFromKey, seriesKey } from "./labels";

/** Strings built from the characters that matter for JSON escaping, plus "__proto__". */
const chars = (minLength: number) =>
  fc.oneof(
    fc.string({
      unit: fc.constantFrom(
        "a",
        "b",
        '"',
        "\\",
        "\u0000",
        "\n",
        "\u007f",
        "é",
        "\ud83d\ude00",
        "\ud800",
        ".",
        "\u2028",
      ),
      minLength,
      maxLength: 10,
    }),
    fc.constant("__proto__"),
  );

describe("series keys", () => {
  it("equal JSON.stringify of the sorted pairs and round-trip any label set", () => {
    fc.assert(
      fc.property(fc.dictionary(chars(0), chars(1), { maxKeys: 8 }), (labels) => {
        const pairs = Object.entries(labels).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        expect(seriesKey(labels)).toBe(JSON.stringify(pairs));
        expect(labelsFromKey(seriesKey(labels))).toEqual(Object.fromEntries(pairs));
      }),
      { numRuns: 200, endOnFailure: true },
    );
  });
});
