// Hand-built OTLP metrics requests for the decoder tests: the same content as JSON and as protobuf.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

export const T_NS = 1_764_000_000_123_000_000n;

export const jsonRequest = {
  resourceMetrics: [
    {
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: "checkout-service" } },
          { key: "service.namespace", value: { stringValue: "shop" } },
          { key: "service.instance.id", value: { stringValue: "pod-1" } },
          { key: "deployment.environment", value: { stringValue: "production" } },
        ],
      },
      scopeMetrics: [
        {
          scope: { name: "m", version: "1" },
          metrics: [
            {
              name: "http.requests",
              unit: "{request}",
              description: "Requests",
              sum: {
                aggregationTemporality: 2,
                isMonotonic: true,
                dataPoints: [
                  {
                    timeUnixNano: T_NS.toString(),
                    asInt: "42",
                    attributes: [{ key: "deployment.version", value: { stringValue: "v3.41.0" } }],
                  },
                ],
              },
            },
            { name: "queue.depth", unit: "1", gauge: { dataPoints: [{ timeUnixNano: Number(T_NS), asDouble: 0.5 }] } },
            {
              name: "http.duration",
              unit: "s",
              histogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  {
                    timeUnixNano: T_NS.toString(),
                    count: "6",
                    sum: 1.5,
                    bucketCounts: ["1", "2", "3"],
                    explicitBounds: [0.005, 1e-7],
                  },
                ],
              },
            },
            {
              name: "rpc.latency",
              unit: "ms",
              summary: {
                dataPoints: [
                  { timeUnixNano: T_NS.toString(), count: 3, sum: 9, quantileValues: [{ quantile: 0.99, value: 8 }] },
                ],
              },
            },
            {
              name: "delta.sum",
              sum: {
                aggregationTemporality: 1,
                isMonotonic: true,
                dataPoints: [{ timeUnixNano: T_NS.toString(), asInt: 1 }],
              },
            },
            { name: "exp", exponentialHistogram: { dataPoints: [{}, {}] } },
          ],
          unknownField: { ignored: true },
        },
      ],
    },
  ],
};

function kv(w: BinaryWriter, field: number, key: string, value: string): void {
  w.tag(field, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(key);
  w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(value).join().join();
}

export function protoRequest(): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).fork();
  kv(w, 1, "service.name", "checkout-service");
  kv(w, 1, "service.namespace", "shop");
  kv(w, 1, "service.instance.id", "pod-1");
  kv(w, 1, "deployment.environment", "production");
  w.join();
  w.tag(2, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .string("m")
    .tag(2, WireType.LengthDelimited)
    .string("1")
    .join();
  // sum
  w.tag(2, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .string("http.requests")
    .tag(2, WireType.LengthDelimited)
    .string("Requests")
    .tag(3, WireType.LengthDelimited)
    .string("{request}");
  w.tag(7, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).fork().tag(3, WireType.Bit64).fixed64(T_NS).tag(6, WireType.Bit64).sfixed64(42);
  kv(w, 7, "deployment.version", "v3.41.0");
  w.join();
  w.tag(2, WireType.Varint).int32(2).tag(3, WireType.Varint).bool(true);
  w.join().join();
  // gauge
  w.tag(2, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .string("queue.depth")
    .tag(3, WireType.LengthDelimited)
    .string("1");
  w.tag(5, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .fork()
    .tag(3, WireType.Bit64)
    .fixed64(T_NS)
    .tag(4, WireType.Bit64)
    .double(0.5)
    .join()
    .join();
  w.join();
  // histogram, packed buckets and bounds
  w.tag(2, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .string("http.duration")
    .tag(3, WireType.LengthDelimited)
    .string("s");
  w.tag(9, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited)
    .fork()
    .tag(3, WireType.Bit64)
    .fixed64(T_NS)
    .tag(4, WireType.Bit64)
    .fixed64(6)
    .tag(5, WireType.Bit64)
    .double(1.5);
  w.tag(6, WireType.LengthDelimited).fork().fixed64(1).fixed64(2).fixed64(3).join();
  w.tag(7, WireType.LengthDelimited).fork().double(0.005).double(1e-7).join();
  w.join();
  w.tag(2, WireType.Varint).int32(2);
  w.join().join();
  // summary
  w.tag(2, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .string("rpc.latency")
    .tag(3, WireType.LengthDelimited)
    .string("ms");
  w.tag(11, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .fork()
    .tag(3, WireType.Bit64)
    .fixed64(T_NS)
    .tag(4, WireType.Bit64)
    .fixed64(3)
    .tag(5, WireType.Bit64)
    .double(9);
  w.tag(6, WireType.LengthDelimited).fork().tag(1, WireType.Bit64).double(0.99).tag(2, WireType.Bit64).double(8).join();
  w.join().join().join();
  // delta sum
  w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("delta.sum");
  w.tag(7, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .fork()
    .tag(3, WireType.Bit64)
    .fixed64(T_NS)
    .tag(6, WireType.Bit64)
    .sfixed64(1)
    .join()
    .tag(2, WireType.Varint)
    .int32(1)
    .tag(3, WireType.Varint)
    .bool(true)
    .join();
  w.join();
  // exponential histogram with two points
  w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("exp");
  w.tag(10, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .fork()
    .join()
    .tag(1, WireType.LengthDelimited)
    .fork()
    .join()
    .join();
  w.join();
  w.tag(3, WireType.LengthDelimited).string("schema-url-ignored");
  w.join().join();
  return w.finish();
}
