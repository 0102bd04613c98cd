import { describe, expect, it } from "vitest";
import { fromWireHistogram, type WireHistogram } from "../histogram/convert";
import { decodeWriteRequest } from "./decode";
import { encodeWriteRequest } from "./encode";
import { encodeWriteRequestV2 } from "./encode-v2";
import { decodeWriteRequestV2 } from "./decode-v2";
import { encodeHistogram } from "./encode-histogram";

const integer: WireHistogram = {
  count: 12,
  sum: 18.4,
  schema: 1,
  zeroThreshold: 0.001,
  zeroCount: 2,
  positiveSpans: [
    { offset: 0, length: 2 },
    { offset: 1, length: 2 },
  ],
  positiveDeltas: [1, 1, -1, 0],
  negativeSpans: [{ offset: -2, length: 1 }],
  negativeDeltas: [3],
  resetHint: 2,
};
const float: WireHistogram = {
  count: 3.5,
  sum: 7,
  schema: -53,
  zeroThreshold: 0,
  zeroCount: 0,
  positiveSpans: [{ offset: 0, length: 3 }],
  positiveCounts: [0.5, 1, 2],
  negativeSpans: [],
  resetHint: 3,
  customValues: [0.1, 1, 10],
};

describe("remote_write native histograms", () => {
  it("1.0: integer and float histograms decode to the FloatHistograms they encode, with their times", () => {
    const body = encodeWriteRequest([
      {
        labels: { __name__: "rpc_seconds", job: "a" },
        samples: [],
        histograms: [encodeHistogram(integer, 1000), encodeHistogram(float, 2000)],
      },
    ]);
    const batch = decodeWriteRequest(body);
    // The second time the label set is a cache hit, whose labels come from its key: the same answer.
    expect(decodeWriteRequest(body).histogramSeries).toEqual(batch.histogramSeries);
    expect(batch.histograms).toBe(2);
    expect(batch.histogramsInvalid).toBe(0);
    expect(batch.histogramSeries).toEqual([
      {
        labels: { __name__: "rpc_seconds", job: "a" },
        identity: expect.anything(),
        samples: [
          { t: 1000, h: fromWireHistogram(integer) },
          { t: 2000, h: fromWireHistogram(float) },
        ],
      },
    ]);
    expect(batch.histogramSeries[0].samples[0].h).toMatchObject({
      counterResetHint: "not_reset",
      positiveBuckets: [1, 2, 1, 1],
      negativeBuckets: [3],
    });
  });

  it("2.0: histograms decode per series; invalid ones are counted with a reason, not stored", () => {
    const bad = encodeHistogram({ ...integer, positiveDeltas: [1] }, 3000);
    const out = decodeWriteRequestV2(
      encodeWriteRequestV2([
        {
          labels: { __name__: "rpc_seconds", job: "b" },
          samples: [],
          histograms: [encodeHistogram(float, 1000), bad],
        },
        { labels: { __name__: "up", job: "b" }, samples: [{ t: 1, v: 1 }] },
      ]),
    );
    expect(out.series.map((s) => s.labels.__name__)).toEqual(["up"]);
    expect(out.histograms).toBe(2);
    expect(out.histogramsInvalid).toBe(1);
    expect(out.histogramErrors[0]).toMatch(/positive spans need 4 buckets, got 1/);
    expect(out.histogramSeries).toEqual([
      { labels: { __name__: "rpc_seconds", job: "b" }, samples: [{ t: 1000, h: fromWireHistogram(float) }] },
    ]);
  });
});
