// Service figures from the services' own metrics: OpenTelemetry semantic-convention histograms (Vigil's OTLP
// spelling, written through remote_write) and Tempo span metrics, merged with the span-based topology. Each
// node and call says where its numbers come from; a family that cannot honour the pinned scope is not used.
import { beforeAll, describe, expect, it } from "vitest";
import type { ServiceGraph, RedSeries } from "../../core/contracts/services";
import { call, json } from "./helpers";
import { remoteWrite } from "./ingest-helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const NOW = Date.now();
const START = NOW - 80 * 60_000;
const STEP = 15_000;
const T0 = NOW - 10 * 60_000; // the incident: payment-gateway fails a quarter of its requests

/** A cumulative counter sampled every 15 s, growing `perSec(t)` per second. */
function counter(labels: Record<string, string>, perSec: (t: number) => number) {
  const samples: { t: number; v: number }[] = [];
  let v = 0;
  for (let t = START; t <= NOW; t += STEP) {
    samples.push({ t, v });
    v += (perSec(t) * STEP) / 1000;
  }
  return { labels, samples };
}

const pg = { job: "shop/payment-gateway", "deployment.environment.name": "production", "cloud.region": "us-east-1" };
const SERVER = "http.server.request.duration_seconds";
const CLIENT = "http.client.request.duration_seconds";
const incident = (t: number) => t >= T0;
// payment-gateway: 20 req/s; 5 of them fail during the incident (4.2 s), 0.13/s before (~8/min).
const series = [
  counter({ __name__: `${SERVER}_count`, ...pg, "http.response.status_code": "200" }, (t) =>
    incident(t) ? 15 : 19.87,
  ),
  counter({ __name__: `${SERVER}_count`, ...pg, "http.response.status_code": "503" }, (t) => (incident(t) ? 5 : 0.13)),
  ...(
    [
      ["0.1", 10, 10],
      ["0.2", 15, 19.8],
      ["4", 15, 19.87],
      ["4.5", 20, 20],
      ["+Inf", 20, 20],
    ] as const
  ).map(([le, during, before]) =>
    counter({ __name__: `${SERVER}_bucket`, ...pg, le }, (t) => (incident(t) ? during : before)),
  ),
  // staging: must stay out of the production figures
  counter(
    {
      __name__: `${SERVER}_count`,
      ...pg,
      "deployment.environment.name": "staging",
      "http.response.status_code": "503",
    },
    () => 50,
  ),
  // checkout-service's client calls into payment-gateway
  counter(
    {
      __name__: `${CLIENT}_count`,
      job: "shop/checkout-service",
      "deployment.environment.name": "production",
      "cloud.region": "us-east-1",
      "server.address": "payment-gateway",
      "http.response.status_code": "200",
    },
    () => 15,
  ),
  // inventory-service: Tempo span metrics, with no region label
  counter(
    {
      __name__: "traces_spanmetrics_calls_total",
      service: "inventory-service",
      deployment_environment: "production",
      span_kind: "SPAN_KIND_SERVER",
      status_code: "STATUS_CODE_UNSET",
    },
    () => 2,
  ),
];

beforeAll(async () => {
  expect((await remoteWrite(series)).status).toBe(204);
  const spans = [];
  for (let i = 0; i < 6; i++)
    spans.push(
      ...checkoutTrace({ traceId: randomHex(16), startMs: NOW - 4 * 60_000 + i * 20_000, failing: i % 2 === 0 }),
    );
  expect((await json("/v1/traces", toOtlpJson(spans))).status).toBe(200);
});

const window = `start=${NOW - 5 * 60_000}&end=${NOW}`;
const get = async <T>(path: string): Promise<T> => {
  const res = await call(path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

describe("service figures from metrics", () => {
  it("gives payment-gateway's requests, errors and p99 from http.server.request.duration, not from its few spans", async () => {
    const g = await get<ServiceGraph>(
      `/api/services/graph?service=payment-gateway&${window}&compareOffset=30m&scope=environment=production`,
    );
    const node = g.nodes.find((n) => n.id === "payment-gateway")!;
    expect(node).toMatchObject({ origin: "metrics", family: "otel.http.server" });
    expect(node.current.requestsPerMin).toBeCloseTo(1200, -1);
    expect(node.current.errorsPerMin).toBeCloseTo(300, -1);
    expect(node.current.p99Ms).toBeGreaterThan(4000);
    expect(node.current.p99Ms).toBeLessThanOrEqual(4500);
    expect(node.baseline.errorsPerMin).toBeCloseTo(7.8, 0);
    expect(node.baseline.p99Ms).toBeLessThanOrEqual(200);
    const call_ = g.edges.find((e) => e.source === "checkout-service" && e.target === "payment-gateway")!;
    expect(call_).toMatchObject({ origin: "metrics", family: "otel.http.client" });
    expect(call_.current.requestsPerMin).toBeCloseTo(900, -1);
    // Nodes only spans know stay, and say so.
    expect(g.nodes.find((n) => n.id === "frontend")?.origin).toBe("spans");
    expect(g.sources.families.map((f) => f.id)).toEqual(
      expect.arrayContaining(["otel.http.server", "otel.http.client", "spanmetrics.tempo"]),
    );
  });

  it("never shows a family's figures under a scope it cannot honour", async () => {
    const g = await get<ServiceGraph>(
      `/api/services/graph?${window}&scope=environment=production&scope=region=us-east-1`,
    );
    expect(g.nodes.find((n) => n.id === "payment-gateway")?.origin).toBe("metrics");
    expect(g.nodes.find((n) => n.id === "inventory-service")?.origin).toBe("spans");
    expect(g.sources.unusable).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "spanmetrics.tempo", reason: expect.stringContaining("region") }),
      ]),
    );
    const unscoped = await get<ServiceGraph>(`/api/services/graph?${window}&scope=environment=production`);
    expect(unscoped.nodes.find((n) => n.id === "inventory-service")).toMatchObject({
      origin: "metrics",
      family: "spanmetrics.tempo",
    });
    expect(unscoped.nodes.find((n) => n.id === "inventory-service")!.current.requestsPerMin).toBeCloseTo(120, -1);
  });

  it("charts the same figures over time with the PromQL behind them", async () => {
    const s = await get<RedSeries>(`/api/services/payment-gateway/red?${window}&scope=environment=production`);
    expect(s).toMatchObject({ origin: "metrics", family: "otel.http.server" });
    expect(s.queries!.requests).toContain('"deployment.environment.name"="production"');
    const last = s.requestsPerSec.filter((v) => v > 0).at(-1)!;
    expect(last).toBeCloseTo(20, 0);
    expect(s.errorPct.filter((v) => v !== null).at(-1)).toBeCloseTo(25, 0);
    // The same query through the Prometheus API gives the same rate.
    const res = await call(`/api/v1/query?query=${encodeURIComponent(s.queries!.requests)}&time=${NOW / 1000}`);
    const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
    expect(Number(body.data.result[0].value[1])).toBeCloseTo(20, 0);
  });
});
