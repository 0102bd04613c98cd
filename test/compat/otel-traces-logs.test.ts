// Real OpenTelemetry JS SDK clients (trace SDK with the OTLP/HTTP JSON and protobuf exporters, logs SDK with
// both log exporters) send the checkout incident to a Vigil on workerd; the query API must then tell the story.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { OTLPLogExporter as LogsJson } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as LogsProto } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPTraceExporter as TracesJson } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as TracesProto } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "./harness";

let vigil: RunningVigil;
const NOW = Date.now();
const T0 = NOW - 15 * 60_000;
const failingTraceIds: string[] = [];
let dnsTraceId = "";

type Wire = "json" | "proto";
const services = ["frontend", "checkout-service", "payment-gateway"] as const;

function providers(wire: Wire, region: string, checkoutVersion: string) {
  const headers = { authorization: `Bearer ${vigil.token}` };
  const url = `${vigil.url}/v1/traces`;
  return Object.fromEntries(
    services.map((service) => {
      const exporter = wire === "json" ? new TracesJson({ url, headers }) : new TracesProto({ url, headers });
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          "service.name": service,
          "deployment.environment": "production",
          "cloud.region": region,
          "deployment.version": service === "checkout-service" ? checkoutVersion : "v1.8.0",
          "k8s.pod.name": `${service}-7f8b9c-x1y2z`,
        }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      return [service, provider];
    }),
  ) as Record<(typeof services)[number], BasicTracerProvider>;
}

const at = (ms: number) => new Date(ms);
const child = (parent: Span): Context => trace.setSpanContext(ROOT_CONTEXT, parent.spanContext());

/** frontend -> checkout-service -> payment-gateway -> provider; failing ChargeCard takes ~4,100 ms. */
function emitCheckout(
  p: ReturnType<typeof providers>,
  startMs: number,
  failing: boolean,
): { traceId: string; checkoutSpan: Span } {
  const fe = p.frontend.getTracer("web");
  const co = p["checkout-service"].getTracer("checkout");
  const pg = p["payment-gateway"].getTracer("payments");
  const charge = failing ? 4100 : 140;
  const root = fe.startSpan("GET /checkout", {
    kind: SpanKind.SERVER,
    startTime: at(startMs),
    attributes: { "http.route": "/checkout" },
  });
  const feCall = fe.startSpan(
    "POST /v2/process-payment",
    { kind: SpanKind.CLIENT, startTime: at(startMs + 2), attributes: { "server.address": "checkout-service" } },
    child(root),
  );
  const coServer = co.startSpan(
    "POST /v2/process-payment",
    {
      kind: SpanKind.SERVER,
      startTime: at(startMs + 4),
      attributes: { "http.route": "/v2/process-payment", "http.request.method": "POST" },
    },
    child(feCall),
  );
  const coCall = co.startSpan(
    "grpc.PaymentProcessor/ChargeCard",
    {
      kind: SpanKind.CLIENT,
      startTime: at(startMs + 6),
      attributes: { "rpc.system": "grpc", "server.address": "payment-gateway" },
    },
    child(coServer),
  );
  const pgServer = pg.startSpan(
    "grpc.PaymentProcessor/ChargeCard",
    { kind: SpanKind.SERVER, startTime: at(startMs + 8), attributes: { "rpc.system": "grpc" } },
    child(coCall),
  );
  const host = failing ? "payment-provider.internal" : "payment-api.prod.internal";
  const pgCall = pg.startSpan(
    "grpc.PaymentProcessor/ChargeCard",
    {
      kind: SpanKind.CLIENT,
      startTime: at(startMs + 10),
      attributes: { "net.peer.name": host, "server.address": host, "server.port": 443 },
    },
    child(pgServer),
  );
  if (failing) {
    const msg = "connection refused: payment-provider.internal:443";
    pgCall.setAttribute("error.message", msg);
    for (const s of [pgCall, pgServer, coCall, coServer, feCall, root])
      s.setStatus({ code: SpanStatusCode.ERROR, message: s === pgCall ? msg : undefined });
    coServer.setAttribute("http.response.status_code", 503);
  } else coServer.setAttribute("http.response.status_code", 200);
  pgCall.end(at(startMs + 10 + charge));
  pgServer.end(at(startMs + 12 + charge));
  coCall.end(at(startMs + 14 + charge));
  coServer.end(at(startMs + 20 + charge));
  feCall.end(at(startMs + 22 + charge));
  root.end(at(startMs + 25 + charge));
  return { traceId: root.spanContext().traceId, checkoutSpan: coServer };
}

async function flush(p: ReturnType<typeof providers>): Promise<void> {
  await Promise.all(Object.values(p).map((x) => x.forceFlush()));
  await Promise.all(Object.values(p).map((x) => x.shutdown()));
}

async function emitLogs(wire: Wire, parent: Span | undefined, timeMs: number): Promise<void> {
  const url = `${vigil.url}/v1/logs`;
  const headers = { authorization: `Bearer ${vigil.token}` };
  const exporter = wire === "json" ? new LogsJson({ url, headers }) : new LogsProto({ url, headers });
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({
      "service.name": "checkout-service",
      "deployment.environment": "production",
      "cloud.region": "us-east-1",
      "deployment.version": "v3.41.0",
    }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger("checkout");
  logger.emit({
    severityNumber: SeverityNumber.INFO,
    severityText: "INFO",
    body: "payment client initialised",
    timestamp: at(timeMs - 1000),
  });
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: "ERROR",
    body: "DNS lookup failure for payment-provider.internal: no such host",
    timestamp: at(timeMs),
    context: parent ? child(parent) : undefined,
    attributes: { "error.type": "dns", endpoint: "/v2/process-payment" },
  });
  await provider.forceFlush();
  await provider.shutdown();
}

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${vigil.url}${path}`, { headers: { authorization: `Bearer ${vigil.token}` } });
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  vigil = await startVigil({ port: 18300 });
  for (const wire of ["json", "proto"] as const) {
    const east = providers(wire, "us-east-1", "v3.41.0");
    const west = providers(wire, "us-west-2", "v3.40.2");
    const before = providers(wire, "us-east-1", "v3.40.2");
    for (let i = 0; i < 6; i++) {
      const { traceId, checkoutSpan } = emitCheckout(
        east,
        T0 + (wire === "json" ? 0 : 30_000) + i * 60_000,
        i % 2 === 0,
      );
      if (i % 2 === 0) failingTraceIds.push(traceId);
      if (i === 0 && wire === "json") {
        dnsTraceId = traceId;
        await emitLogs("json", checkoutSpan, T0 + 4100);
      }
      emitCheckout(west, T0 + i * 60_000 + 5000, false);
      emitCheckout(before, T0 - 60 * 60_000 + i * 60_000, false);
    }
    await Promise.all([flush(east), flush(west), flush(before)]);
  }
  await emitLogs("proto", undefined, T0 + 5 * 60_000);
});

afterAll(async () => {
  await vigil?.stop();
});

const range = `start=${T0 - 60_000}&end=${NOW}`;
const scope = "scope=environment=production&scope=region=us-east-1";

describe("OpenTelemetry SDK -> Vigil traces and logs", () => {
  it("stores every span from both exporters", async () => {
    const all = await get<{ traces: { traceId: string }[] }>(`/api/traces/search?${range}&limit=500`);
    expect(all.traces.length).toBe(24); // 12 east + 12 west in the window (JSON and protobuf)
  });

  it("finds the failing traces: checkout-service, status error, deployment.version=v3.41.0", async () => {
    const res = await get<{
      traces: { traceId: string; errorCount: number; rootService: string; durationUs: number }[];
    }>(
      `/api/traces/search?${range}&${scope}&service=checkout-service&status=error&tag=deployment.version=v3.41.0&limit=100`,
    );
    expect(res.traces.map((t) => t.traceId).sort()).toEqual([...failingTraceIds].sort());
    expect(
      res.traces.every((t) => t.rootService === "frontend" && t.errorCount === 6 && t.durationUs > 4_100_000),
    ).toBe(true);
  });

  it("puts the leaf errors on payment-gateway grpc.PaymentProcessor/ChargeCard", async () => {
    const stats = await get<{
      rows: {
        key: Record<string, string>;
        current: { leafErrors: number; p99Ms: number };
        comparison: { p99Ms: number | null };
      }[];
    }>(`/api/traces/stats?${range}&${scope}&groupBy=service,operation`);
    const leaves = stats.rows.filter((r) => r.current.leafErrors > 0);
    expect(leaves.map((r) => r.key)).toEqual([
      { service: "payment-gateway", operation: "grpc.PaymentProcessor/ChargeCard" },
    ]);
    expect(leaves[0].current.leafErrors).toBe(failingTraceIds.length);
    expect(leaves[0].current.p99Ms).toBeGreaterThan(4000);
    expect(leaves[0].comparison.p99Ms).toBeLessThan(200);
    const one = await get<{
      leafErrors: { service: string; operation: string; statusMessage: string }[];
      orphans: string[];
      spans: unknown[];
    }>(`/api/traces/${failingTraceIds[0]}`);
    expect(one.spans.length).toBe(6);
    expect(one.orphans).toEqual([]);
    expect(one.leafErrors).toEqual([
      expect.objectContaining({
        service: "payment-gateway",
        operation: "grpc.PaymentProcessor/ChargeCard",
        statusMessage: "connection refused: payment-provider.internal:443",
      }),
    ]);
  });

  it("shows the payment-provider.internal edge on the dependency map", async () => {
    const g = await get<{
      edges: {
        source: string;
        target: string;
        external: boolean;
        current: { errorsPerMin: number };
        baseline: { requestsPerMin: number };
      }[];
    }>(`/api/services/graph?${range}&${scope}&service=checkout-service`);
    const pairs = g.edges.map((e) => `${e.source}->${e.target}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        "frontend->checkout-service",
        "checkout-service->payment-gateway",
        "payment-gateway->payment-provider.internal",
      ]),
    );
    const ext = g.edges.find((e) => e.target === "payment-provider.internal")!;
    expect(ext.external).toBe(true);
    expect(ext.current.errorsPerMin).toBeGreaterThan(0);
    expect(g.edges.find((e) => e.target === "payment-gateway")!.baseline.requestsPerMin).toBeGreaterThan(0);
  });

  it("finds the DNS error log, linked to its trace, and the trace's logs", async () => {
    const logs = await get<{ logs: { body: string; level: string; service: string; traceId: string }[] }>(
      `/api/logs?${range}&${scope}&service=checkout-service&severity=error&q=${encodeURIComponent("payment-provider.internal")}`,
    );
    expect(logs.logs.length).toBe(2); // one via the JSON exporter, one via protobuf
    expect(logs.logs.every((l) => l.level === "error" && l.body.includes("DNS lookup failure"))).toBe(true);
    expect(logs.logs.map((l) => l.traceId)).toContain(dnsTraceId);
    const ofTrace = await get<{ logs: { body: string }[] }>(`/api/logs?traceId=${dnsTraceId}`);
    expect(ofTrace.logs.map((l) => l.body)).toEqual(["DNS lookup failure for payment-provider.internal: no such host"]);
    const h = await get<{ counts: Record<string, number[]> }>(`/api/logs/histogram?${range}&service=checkout-service`);
    expect(h.counts.error.reduce((a, b) => a + b, 0)).toBe(2);
    expect(h.counts.info.reduce((a, b) => a + b, 0)).toBe(2);
  });
});
