// The real OpenTelemetry JS metrics SDK exports counters, up-down counters, gauges and histograms to Vigil's
// /v1/metrics through both OTLP/HTTP exporters (JSON and protobuf); Vigil's Prometheus API must then show
// exactly the series and values Prometheus' OTLP receiver would make of them.
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as MetricsJson,
} from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as MetricsProto } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "./harness";

let vigil: RunningVigil;

beforeAll(async () => {
  vigil = await startVigil({ port: 18201 });
});

afterAll(async () => {
  await vigil?.stop();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${vigil.url}${path}`, { headers: { authorization: `Bearer ${vigil.token}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return (JSON.parse(text) as { data: T }).data;
}

type Vector = { metric: Record<string, string>; value: [number, string] }[];

async function instant(query: string): Promise<Vector> {
  return (
    await api<{ result: Vector }>(`/api/v1/query?query=${encodeURIComponent(query)}&time=${(Date.now() + 1000) / 1000}`)
  ).result;
}

async function exportOnce(wire: "json" | "proto"): Promise<void> {
  const url = `${vigil.url}/v1/metrics`;
  const headers = { authorization: `Bearer ${vigil.token}` };
  const exporter = wire === "json" ? new MetricsJson({ url, headers }) : new MetricsProto({ url, headers });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      "service.name": "checkout-service",
      "service.instance.id": "checkout-service-7f8b9c-abcde",
      "deployment.environment": "production",
    }),
    readers: [reader],
  });
  const meter = provider.getMeter("checkout");
  const attrs = { endpoint: "/v2/process-payment", status: "503", "deployment.version": "v3.41.0" };
  const requests = meter.createCounter(`${wire}_checkout_http_requests`, { unit: "{request}" });
  requests.add(3, attrs);
  requests.add(4, attrs);
  const inflight = meter.createUpDownCounter(`${wire}_checkout_inflight`);
  inflight.add(5);
  inflight.add(-2);
  meter.createGauge(`${wire}_checkout_queue_fill`, { unit: "1" }).record(0.25);
  const duration = meter.createHistogram(`${wire}_checkout_http_request_duration`, {
    unit: "s",
    advice: { explicitBucketBoundaries: [0.1, 0.5, 1, 5] },
  });
  for (const v of [0.05, 0.3, 2]) duration.record(v, { endpoint: "/v2/process-payment" });
  await provider.forceFlush();
  await provider.shutdown();
}

describe("OpenTelemetry JS metrics exporters -> Vigil", () => {
  for (const wire of ["json", "proto"] as const) {
    it(`${wire}: counters, up-down counters, gauges and histograms arrive with Prometheus names and labels`, async () => {
      await exportOnce(wire);
      const counter = await instant(`${wire}_checkout_http_requests_total`);
      expect(counter).toHaveLength(1);
      expect(counter[0].metric).toEqual({
        __name__: `${wire}_checkout_http_requests_total`,
        job: "checkout-service",
        instance: "checkout-service-7f8b9c-abcde",
        "deployment.environment": "production",
        "deployment.version": "v3.41.0",
        endpoint: "/v2/process-payment",
        status: "503",
      });
      expect(counter[0].value[1]).toBe("7");
      expect((await instant(`${wire}_checkout_inflight`))[0].value[1]).toBe("3");
      expect((await instant(`${wire}_checkout_queue_fill_ratio`))[0].value[1]).toBe("0.25");
      const buckets = await instant(`${wire}_checkout_http_request_duration_seconds_bucket`);
      expect(Object.fromEntries(buckets.map((b) => [b.metric.le, b.value[1]]))).toEqual({
        "0.1": "1",
        "0.5": "2",
        "1": "2",
        "5": "3",
        "+Inf": "3",
      });
      expect((await instant(`${wire}_checkout_http_request_duration_seconds_count`))[0].value[1]).toBe("3");
      expect(Number((await instant(`${wire}_checkout_http_request_duration_seconds_sum`))[0].value[1])).toBeCloseTo(
        2.35,
        12,
      );
      const series = await api<Record<string, string>[]>(
        `/api/v1/series?match[]=${encodeURIComponent(`{__name__=~"${wire}_checkout_.*"}`)}`,
      );
      expect(series.map((s) => s.__name__).sort()).toEqual(
        [
          ...["0.1", "0.5", "1", "5", "+Inf"].map(() => `${wire}_checkout_http_request_duration_seconds_bucket`),
          `${wire}_checkout_http_request_duration_seconds_count`,
          `${wire}_checkout_http_request_duration_seconds_sum`,
          `${wire}_checkout_http_requests_total`,
          `${wire}_checkout_inflight`,
          `${wire}_checkout_queue_fill_ratio`,
        ].sort(),
      );
      const meta = await api<Record<string, { type: string }[]>>(
        `/api/v1/metadata?metric=${wire}_checkout_http_requests_total`,
      );
      expect(meta[`${wire}_checkout_http_requests_total`][0].type).toBe("counter");
    });
  }

  for (const wire of ["json", "proto"] as const) {
    it(`${wire}: exponential histograms (a view's aggregation) arrive as native histograms, cumulative and delta`, async () => {
      const url = `${vigil.url}/v1/metrics`;
      const headers = { authorization: `Bearer ${vigil.token}` };
      for (const temporality of ["cumulative", "delta"] as const) {
        const temporalityPreference =
          temporality === "delta"
            ? AggregationTemporalityPreference.DELTA
            : AggregationTemporalityPreference.CUMULATIVE;
        const exporter =
          wire === "json"
            ? new MetricsJson({ url, headers, temporalityPreference })
            : new MetricsProto({ url, headers, temporalityPreference });
        const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
        const name = `${wire}_${temporality}_exp_duration`;
        const provider = new MeterProvider({
          resource: resourceFromAttributes({ "service.name": "exp-service" }),
          readers: [reader],
          views: [{ instrumentName: name, aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
        });
        const duration = provider.getMeter("exp").createHistogram(name, { unit: "s" });
        for (const round of [[0.05, 0.3], [2]]) {
          for (const v of round) duration.record(v);
          await provider.forceFlush();
          await new Promise((res) => setTimeout(res, 50)); // a later time for the next export's points
        }
        await provider.shutdown();
        const metric = `${name}_seconds`;
        expect((await instant(`histogram_count(${metric})`))[0].value[1], metric).toBe("3");
        expect(Number((await instant(`histogram_sum(${metric})`))[0].value[1])).toBeCloseTo(2.35, 12);
        // 0.05 and 0.3 lie in buckets ending at or below 1 (bucket bounds are powers of the base, 1 among them).
        expect(Number((await instant(`histogram_fraction(0, 1, ${metric})`))[0].value[1])).toBeCloseTo(2 / 3, 12);
        // A quantile lies in the bucket of the observation at its rank. The SDK's 160 buckets over 0.05..2 give
        // scale 4 or finer, buckets at most 2^(1/16) wide: within 5 % of the observation itself.
        const q = async (x: number) => Number((await instant(`histogram_quantile(${x}, ${metric})`))[0].value[1]);
        const median = await q(0.5);
        expect(median, metric).toBeGreaterThan(0.3 / 1.05);
        expect(median, metric).toBeLessThan(0.3 * 1.05);
        const p99 = await q(0.99);
        expect(p99, metric).toBeGreaterThan(2 / 1.05);
        expect(p99, metric).toBeLessThan(2 * 1.05);
        const p10 = await q(0.1);
        expect(p10, metric).toBeGreaterThan(0.05 / 1.05);
        expect(p10, metric).toBeLessThan(0.05 * 1.05);
      }
    });
  }

  it("delta temporality (the SDK's DELTA preference): counters and histograms add up across exports", async () => {
    const url = `${vigil.url}/v1/metrics`;
    const headers = { authorization: `Bearer ${vigil.token}` };
    const exporter = new MetricsProto({ url, headers, temporalityPreference: AggregationTemporalityPreference.DELTA });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ "service.name": "ledger", "service.instance.id": "ledger-0" }),
      readers: [reader],
    });
    const meter = provider.getMeter("ledger");
    const writes = meter.createCounter("delta_ledger_writes");
    const duration = meter.createHistogram("delta_ledger_write_duration", {
      unit: "s",
      advice: { explicitBucketBoundaries: [0.1, 1] },
    });
    // Three exports, each carrying only what happened since the last one.
    const rounds = [
      { adds: [3, 4], took: [0.05, 0.5] },
      { adds: [], took: [] },
      { adds: [10], took: [2, 0.01, 0.02] },
    ];
    for (const r of rounds) {
      for (const a of r.adds) writes.add(a);
      for (const d of r.took) duration.record(d);
      await provider.forceFlush();
      await new Promise((res) => setTimeout(res, 50)); // a later time for the next export's points
    }
    await provider.shutdown();
    expect((await instant("delta_ledger_writes_total"))[0].value[1]).toBe("17");
    const buckets = await instant("delta_ledger_write_duration_seconds_bucket");
    expect(Object.fromEntries(buckets.map((b) => [b.metric.le, b.value[1]]))).toEqual({
      "0.1": "3",
      "1": "4",
      "+Inf": "5",
    });
    expect((await instant("delta_ledger_write_duration_seconds_count"))[0].value[1]).toBe("5");
    expect(Number((await instant("delta_ledger_write_duration_seconds_sum"))[0].value[1])).toBeCloseTo(2.58, 12);
  });
});
