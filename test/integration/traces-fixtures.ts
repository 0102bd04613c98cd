// The checkout incident as OTLP: one trace frontend -> checkout-service -> payment-gateway (-> provider),
// plus inventory-service, built as span records so tests can send them as OTLP/JSON or protobuf.
import { encodeTracesJson } from "../../core/otlp/traces/encode-json";
import type { SpanRecord } from "../../core/otlp/traces/types";

export interface CheckoutTraceOptions {
  traceId: string;
  startMs: number;
  failing: boolean;
  region?: string;
  version?: string;
  environment?: string;
}

let counter = 0;
export function randomHex(bytes: number): string {
  counter++;
  let s = "";
  for (let i = 0; i < bytes; i++)
    s += Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, "0");
  return s.slice(0, bytes * 2 - 4) + (counter & 0xffff).toString(16).padStart(4, "0");
}

function resource(service: string, o: CheckoutTraceOptions, version: string) {
  return {
    "service.name": service,
    "deployment.environment": o.environment ?? "production",
    "cloud.region": o.region ?? "us-east-1",
    "deployment.version": version,
    "k8s.pod.name": `${service}-7f8b9c-a1b2c`,
  };
}

export function checkoutTrace(o: CheckoutTraceOptions): SpanRecord[] {
  const us = o.startMs * 1000;
  const id = () => randomHex(8);
  const checkoutVersion = o.version ?? (o.failing ? "v3.41.0" : "v3.40.2");
  const mk = (p: Partial<SpanRecord> & { service: string; name: string; version?: string }): SpanRecord => ({
    traceId: o.traceId,
    spanId: id(),
    parentSpanId: "",
    kind: 2,
    startUs: us,
    endUs: us,
    statusCode: 0,
    statusMessage: "",
    resource: resource(p.service, o, p.version ?? "v1.0.0"),
    attributes: {},
    scopeName: "test",
    scopeVersion: "1",
    events: [],
    links: [],
    ...p,
  });
  const chargeMs = o.failing ? 4100 : 150;
  const root = mk({
    service: "frontend",
    name: "GET /checkout",
    kind: 2,
    startUs: us,
    endUs: us + (chargeMs + 60) * 1000,
    statusCode: o.failing ? 2 : 0,
    attributes: { "http.route": "/checkout", "http.response.status_code": o.failing ? 503 : 200 },
  });
  const feClient = mk({
    service: "frontend",
    name: "POST /v2/process-payment",
    kind: 3,
    parentSpanId: root.spanId,
    startUs: us + 5000,
    endUs: us + (chargeMs + 55) * 1000,
    statusCode: o.failing ? 2 : 0,
    attributes: { "server.address": "checkout-service" },
  });
  const coServer = mk({
    service: "checkout-service",
    version: checkoutVersion,
    name: "POST /v2/process-payment",
    kind: 2,
    parentSpanId: feClient.spanId,
    startUs: us + 10_000,
    endUs: us + (chargeMs + 50) * 1000,
    statusCode: o.failing ? 2 : 0,
    attributes: {
      "http.route": "/v2/process-payment",
      "http.request.method": "POST",
      "http.response.status_code": o.failing ? 503 : 200,
    },
  });
  const coInv = mk({
    service: "checkout-service",
    version: checkoutVersion,
    name: "GET /reserve",
    kind: 3,
    parentSpanId: coServer.spanId,
    startUs: us + 12_000,
    endUs: us + 30_000,
  });
  const inv = mk({
    service: "inventory-service",
    name: "GET /reserve",
    kind: 2,
    parentSpanId: coInv.spanId,
    startUs: us + 13_000,
    endUs: us + 29_000,
  });
  const coPay = mk({
    service: "checkout-service",
    version: checkoutVersion,
    name: "grpc.PaymentProcessor/ChargeCard",
    kind: 3,
    parentSpanId: coServer.spanId,
    startUs: us + 31_000,
    endUs: us + (chargeMs + 40) * 1000,
    statusCode: o.failing ? 2 : 0,
    attributes: { "rpc.system": "grpc", "server.address": "payment-gateway" },
  });
  const pgServer = mk({
    service: "payment-gateway",
    name: "grpc.PaymentProcessor/ChargeCard",
    kind: 2,
    parentSpanId: coPay.spanId,
    startUs: us + 32_000,
    endUs: us + (chargeMs + 38) * 1000,
    statusCode: o.failing ? 2 : 0,
    attributes: { "rpc.system": "grpc" },
  });
  const host = o.failing ? "payment-provider.internal" : "payment-api.prod.internal";
  const pgClient = mk({
    service: "payment-gateway",
    name: "grpc.PaymentProcessor/ChargeCard",
    kind: 3,
    parentSpanId: pgServer.spanId,
    startUs: us + 34_000,
    endUs: us + (chargeMs + 34) * 1000,
    statusCode: o.failing ? 2 : 0,
    statusMessage: o.failing ? "connection refused: payment-provider.internal:443" : "",
    attributes: {
      "net.peer.name": host,
      "server.port": 443,
      ...(o.failing ? { "error.message": "connection refused: payment-provider.internal:443" } : {}),
    },
  });
  return [root, feClient, coServer, coInv, inv, coPay, pgServer, pgClient];
}

export function toOtlpJson(spans: SpanRecord[]): unknown {
  return encodeTracesJson(spans);
}

export interface LogOptions {
  timeMs: number;
  service: string;
  severityNumber: number;
  severityText: string;
  body: string;
  traceId?: string;
  spanId?: string;
  region?: string;
  attributes?: Record<string, string>;
}

export function logsJson(logs: LogOptions[]): unknown {
  return {
    resourceLogs: logs.map((l) => ({
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: l.service } },
          { key: "deployment.environment", value: { stringValue: "production" } },
          { key: "cloud.region", value: { stringValue: l.region ?? "us-east-1" } },
        ],
      },
      scopeLogs: [
        {
          scope: { name: "test" },
          logRecords: [
            {
              timeUnixNano: `${l.timeMs}000000`,
              severityNumber: l.severityNumber,
              severityText: l.severityText,
              body: { stringValue: l.body },
              traceId: l.traceId ?? "",
              spanId: l.spanId ?? "",
              attributes: Object.entries(l.attributes ?? {}).map(([key, v]) => ({ key, value: { stringValue: v } })),
            },
          ],
        },
      ],
    })),
  };
}
