import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { fromOtlpExponential } from "../../histogram/convert";
import { decodeMetricsJson } from "./decode-json";
import { decodeMetricsProto } from "./decode-proto";
import { translateMetrics } from "./translate";

const NOW = 1_764_000_000_200;
const T_NS = 1_764_000_000_123_000_000n;
const point = {
  scale: 3,
  count: 11,
  sum: 4.25,
  zeroCount: 1,
  zeroThreshold: 0,
  positive: { offset: -2, bucketCounts: [2, 0, 0, 0, 3] },
  negative: { offset: 1, bucketCounts: [5] },
};

function json(temporality: number) {
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "api" } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: "rpc.duration",
                unit: "s",
                exponentialHistogram: {
                  aggregationTemporality: temporality,
                  dataPoints: [
                    {
                      timeUnixNano: T_NS.toString(),
                      count: "11",
                      sum: 4.25,
                      scale: 3,
                      zeroCount: "1",
                      positive: { offset: -2, bucketCounts: ["2", "0", "0", "0", "3"] },
                      negative: { offset: 1, bucketCounts: [5] },
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  return decodeMetricsJson(new TextEncoder().encode(JSON.stringify(body)));
}

function proto() {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).fork(); // ResourceMetrics
  w.tag(1, WireType.LengthDelimited).fork(); // Resource
  w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("service.name");
  w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("api").join().join();
  w.join();
  w.tag(2, WireType.LengthDelimited).fork(); // ScopeMetrics
  w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("rpc.duration");
  w.tag(3, WireType.LengthDelimited).string("s");
  w.tag(10, WireType.LengthDelimited).fork(); // ExponentialHistogram
  w.tag(1, WireType.LengthDelimited).fork();
  w.tag(3, WireType.Bit64).fixed64(T_NS);
  w.tag(4, WireType.Bit64).fixed64(11);
  w.tag(5, WireType.Bit64).double(4.25);
  w.tag(6, WireType.Varint).sint32(3);
  w.tag(7, WireType.Bit64).fixed64(1);
  w.tag(8, WireType.LengthDelimited).fork().tag(1, WireType.Varint).sint32(-2).tag(2, WireType.LengthDelimited).fork();
  for (const c of [2, 0, 0, 0, 3]) w.uint64(c);
  w.join().join();
  w.tag(9, WireType.LengthDelimited).fork().tag(1, WireType.Varint).sint32(1).tag(2, WireType.LengthDelimited).fork();
  w.uint64(5);
  w.join().join();
  w.join(); // data point
  w.tag(2, WireType.Varint).int32(2);
  w.join().join().join().join();
  return decodeMetricsProto(w.finish());
}

describe("OTLP exponential histograms", () => {
  it("become native histogram samples from JSON and protobuf alike, as fromOtlpExponential converts them", () => {
    for (const req of [json(2), proto()]) {
      const tr = translateMetrics(req, NOW);
      expect(tr.rejectedPoints).toBe(0);
      expect(tr.acceptedPoints).toBe(1);
      expect(tr.series).toEqual([]);
      expect(tr.histogramSeries).toEqual([
        {
          labels: { __name__: "rpc.duration_seconds", job: "api" },
          samples: [{ t: 1_764_000_000_123, h: fromOtlpExponential(point) }],
        },
      ]);
      expect(tr.metadata).toEqual([{ metric: "rpc.duration_seconds", type: "histogram", help: "", unit: "s" }]);
    }
  });

  it("marks delta series delta (the shard adds them up) and refuses unspecified temporality with the reason", () => {
    const delta = translateMetrics(json(1), NOW);
    expect(delta.rejectedPoints).toBe(0);
    expect(delta.histogramSeries).toEqual([
      {
        labels: { __name__: "rpc.duration_seconds", job: "api" },
        samples: [{ t: 1_764_000_000_123, h: fromOtlpExponential(point) }],
        delta: true,
      },
    ]);
    const unspecified = translateMetrics(json(0), NOW);
    expect(unspecified.rejectedPoints).toBe(1);
    expect(unspecified.errors[0]).toMatch(/unspecified aggregation temporality/);
  });
});
