import { describe, expect, it } from "vitest";
import { emptyHistogram, type FloatHistogram } from "../histogram/float-histogram";
import { decodeHistChunk, encodeHistChunk, HistChunkError, HIST_CHUNK_TAG } from "./hist-chunk";
import { appendHistograms } from "./hist-head";

const exp: FloatHistogram = emptyHistogram({
  counterResetHint: "not_reset",
  schema: 3,
  zeroThreshold: 1e-128,
  zeroCount: 2.5,
  count: 17.25,
  sum: -3.0000000000000004,
  positiveSpans: [
    { offset: -5, length: 2 },
    { offset: 3, length: 1 },
  ],
  positiveBuckets: [1, 0.1, 7],
  negativeSpans: [{ offset: 2, length: 2 }],
  negativeBuckets: [5.5, 1.15],
});
const custom: FloatHistogram = emptyHistogram({
  counterResetHint: "gauge",
  schema: -53,
  count: 6,
  sum: 12,
  positiveSpans: [{ offset: 0, length: 3 }],
  positiveBuckets: [1, 2, 3],
  customValues: [0.1, 0.25, 1e300],
});

describe("histogram chunks", () => {
  it("round-trips every field exactly, NaN sums and -0 included", () => {
    const samples = [
      { t: 1000, h: exp },
      { t: 2000, h: custom },
      { t: 3000, h: emptyHistogram({ schema: -4, sum: Number.NaN, zeroThreshold: 0.001, counterResetHint: "reset" }) },
      { t: 4000, h: emptyHistogram({ schema: 8, sum: -0, count: Number.POSITIVE_INFINITY }) },
    ];
    const bytes = encodeHistChunk(samples);
    expect(bytes[0]).toBe(HIST_CHUNK_TAG);
    const back = decodeHistChunk(bytes);
    expect(back).toEqual(samples);
    expect(Object.is(back[3].h.sum, -0)).toBe(true);
  });

  it("writes a layout once while it repeats, and again whenever any part of it changes", () => {
    const grown = { ...exp, positiveSpans: [{ offset: -5, length: 3 }], positiveBuckets: [1, 2, 3] };
    const wider = { ...exp, zeroThreshold: 0.5 };
    const bounds = { ...custom, customValues: [0.1, 0.25, 2] };
    const samples = [exp, exp, grown, grown, wider, custom, custom, bounds, bounds].map((h, i) => ({
      t: 1000 * i,
      h: { ...h, count: h.count + i },
    }));
    const back = decodeHistChunk(encodeHistChunk(samples));
    expect(back).toEqual(samples);
    // Each sample owns its arrays even where the layout was shared on disk.
    expect(back[1].h.positiveSpans).not.toBe(back[0].h.positiveSpans);
    // A repeated layout costs t, zero count, count, sum, the flags and hint bytes, and the 5 buckets.
    const one = encodeHistChunk([{ t: 0, h: exp }]).length;
    const two = encodeHistChunk([
      { t: 0, h: exp },
      { t: 1, h: exp },
    ]).length;
    expect(two - one).toBe(8 * 4 + 2 + 8 * 5);
  });

  it("refuses histograms whose buckets do not match their spans", () => {
    expect(() => encodeHistChunk([{ t: 0, h: { ...exp, positiveBuckets: [1] } }])).toThrow(HistChunkError);
  });

  it("refuses truncated, trailing or foreign bytes", () => {
    const bytes = encodeHistChunk([{ t: 1, h: exp }]);
    expect(() => decodeHistChunk(bytes.subarray(0, bytes.length - 1))).toThrow(HistChunkError);
    expect(() => decodeHistChunk(new Uint8Array([...bytes, 0]))).toThrow(HistChunkError);
    expect(() => decodeHistChunk(new Uint8Array([0, 0, 0]))).toThrow(HistChunkError);
  });

  it("appends in order, counts duplicates, conflicts and out-of-order samples, and cuts at 120 samples", () => {
    const first = appendHistograms(
      [],
      [
        { t: 10, h: exp },
        { t: 10, h: exp },
        { t: 10, h: custom },
        { t: 5, h: exp },
        { t: 20, h: custom },
      ],
    );
    expect(first).toMatchObject({ accepted: 2, duplicates: 1, conflicts: 1, outOfOrder: 1, sealed: [] });
    expect(first.open).toMatchObject({ minT: 10, maxT: 20, count: 2 });
    const stored = decodeHistChunk(first.open!.data);
    const many = Array.from({ length: 130 }, (_, i) => ({ t: 30 + i, h: exp }));
    const next = appendHistograms(stored, many);
    expect(next.sealed).toHaveLength(1);
    expect(next.sealed[0]).toMatchObject({ minT: 10, count: 120 });
    expect(next.open).toMatchObject({ minT: 148, maxT: 159, count: 12 });
    expect(appendHistograms(stored, [{ t: 20, h: custom }]).open).toBeNull();
  });
});
