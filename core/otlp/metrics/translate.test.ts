import { describe, expect, it } from "vitest";
import { OtlpDecodeError } from "../common/types";
import { decodeMetricsJson } from "./decode-json";
import { decodeMetricsProto } from "./decode-proto";
import { T_NS, jsonRequest, protoRequest } from "./fixtures.test-helpers";
import { formatFloatPlain, metricName } from "./naming";
import { translateMetrics } from "./translate";

const NOW = 1_764_000_000_200;
const T_MS = 1_764_000_000_123;
const svc = { job: "shop/checkout-service", instance: "pod-1", "deployment.environment": "production" };

function flat(bytes: { series: { labels: Record<string, string>; timestamps: number[]; values: Float64Array }[] }) {
  return bytes.series
    .map((s) => ({ labels: s.labels, t: s.timestamps, v: [...s.values] }))
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}

describe("OTLP metrics translation", () => {
  const fromJson = translateMetrics(decodeMetricsJson(new TextEncoder().encode(JSON.stringify(jsonRequest))), NOW);
  const fromProto = translateMetrics(decodeMetricsProto(protoRequest()), NOW);

  it("decodes protobuf and JSON to the same series", () => {
    expect(flat(fromProto)).toEqual(flat(fromJson));
    expect(fromProto.metadata).toEqual(fromJson.metadata);
  });

  it("maps counters, gauges, histograms and summaries as Prometheus does", () => {
    const got = flat(fromJson);
    const find = (name: string, extra: Record<string, string> = {}) =>
      got.find((s) => s.labels.__name__ === name && Object.entries(extra).every(([k, v]) => s.labels[k] === v));
    expect(find("http.requests_total")).toEqual({
      labels: { ...svc, __name__: "http.requests_total", "deployment.version": "v3.41.0" },
      t: [T_MS],
      v: [42],
    });
    expect(find("queue.depth_ratio")?.v).toEqual([0.5]);
    expect(find("http.duration_seconds_bucket", { le: "0.005" })?.v).toEqual([1]);
    expect(find("http.duration_seconds_bucket", { le: "0.0000001" })?.v).toEqual([3]);
    expect(find("http.duration_seconds_bucket", { le: "+Inf" })?.v).toEqual([6]);
    expect(find("http.duration_seconds_count")?.v).toEqual([6]);
    expect(find("http.duration_seconds_sum")?.v).toEqual([1.5]);
    expect(find("rpc.latency_milliseconds", { quantile: "0.99" })?.v).toEqual([8]);
    expect(find("rpc.latency_milliseconds_count")?.v).toEqual([3]);
    expect(find("delta.sum_total")?.v).toEqual([1]);
    expect(got).toHaveLength(11);
    expect(fromJson.metadata.map((m) => [m.metric, m.type])).toEqual([
      ["http.requests_total", "counter"],
      ["queue.depth_ratio", "gauge"],
      ["http.duration_seconds", "histogram"],
      ["rpc.latency_milliseconds", "summary"],
      ["delta.sum_total", "counter"],
    ]);
  });

  it("marks delta sums' series delta (storage adds them up) and rejects exponential histograms of unspecified temporality", () => {
    expect(fromJson.rejectedPoints).toBe(2);
    expect(fromJson.acceptedPoints).toBe(5);
    expect(fromJson.errors.join(" ")).toMatch(/exponential histogram exp has unspecified aggregation temporality/);
    const deltas = fromJson.series.filter((s) => s.delta);
    expect(deltas.map((s) => s.labels.__name__)).toEqual(["delta.sum_total"]);
    expect(fromProto.series.filter((s) => s.delta).map((s) => s.labels.__name__)).toEqual(["delta.sum_total"]);
  });

  it("delta histograms: every bucket, _count and _sum series is delta; unspecified temporality is refused", () => {
    const req = (temporality: number) =>
      new TextEncoder().encode(
        JSON.stringify({
          resourceMetrics: [
            {
              resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
              scopeMetrics: [
                {
                  metrics: [
                    {
                      name: "lat",
                      unit: "s",
                      histogram: {
                        aggregationTemporality: temporality,
                        dataPoints: [
                          {
                            timeUnixNano: T_NS.toString(),
                            count: 3,
                            sum: 1.2,
                            bucketCounts: [1, 2],
                            explicitBounds: [0.5],
                          },
                        ],
                      },
                    },
                  ],
                },
              ],
            },
          ],
        }),
      );
    const delta = translateMetrics(decodeMetricsJson(req(1)), NOW);
    expect(delta.series.map((s) => [s.labels.__name__, s.labels.le ?? "", [...s.values], s.delta])).toEqual([
      ["lat_seconds_bucket", "0.5", [1], true],
      ["lat_seconds_bucket", "+Inf", [3], true],
      ["lat_seconds_count", "", [3], true],
      ["lat_seconds_sum", "", [1.2], true],
    ]);
    const unspecified = translateMetrics(decodeMetricsJson(req(0)), NOW);
    expect(unspecified.series).toHaveLength(0);
    expect(unspecified.errors[0]).toMatch(/unspecified aggregation temporality/);
  });

  it("rejects points too far in the future", () => {
    const tr = translateMetrics(decodeMetricsProto(protoRequest()), Number(T_NS / 1_000_000n) - 11 * 60_000);
    expect(tr.acceptedPoints).toBe(0);
    expect(tr.errors[0]).toMatch(/future/);
  });

  it("names metrics like NoUTF8EscapingWithSuffixes", () => {
    expect(metricName("http.server.duration", "s", "histogram")).toBe("http.server.duration_seconds");
    expect(metricName("requests_total", "", "counter")).toBe("requests_total");
    expect(metricName("io", "By", "counter")).toBe("io_bytes_total");
    expect(metricName("io", "By/s", "gauge")).toBe("io_bytes_per_second");
    expect(metricName("latency_seconds", "s", "gauge")).toBe("latency_seconds");
    expect(metricName("cpu", "1", "gauge")).toBe("cpu_ratio");
    expect(metricName("cpu", "1", "counter")).toBe("cpu_total");
    expect(formatFloatPlain(1e21)).toBe("1000000000000000000000");
    expect(formatFloatPlain(2.5e-8)).toBe("0.000000025");
    expect(formatFloatPlain(0.25)).toBe("0.25");
  });

  it("fails undecodable bodies with OtlpDecodeError", () => {
    expect(() => decodeMetricsJson(new TextEncoder().encode("{"))).toThrow(OtlpDecodeError);
    expect(() => decodeMetricsJson(new TextEncoder().encode('{"resourceMetrics":{}}'))).toThrow(
      /resourceMetrics must be an array/,
    );
    const p = protoRequest();
    expect(() => decodeMetricsProto(p.subarray(0, p.length - 3))).toThrow(OtlpDecodeError);
  });
});
