// Contract callers: DDx, traces, logs, services, metric storage and the Prometheus HTTP API (GET and POST each).
import { expect } from "vitest";
import { call, json } from "../helpers";
import type { Callers, ContractWorld } from "./contract-world";

export function telemetryCallers(w: ContractWorld): Callers {
  const { checkoutRate, clock, ddxWindow, lastHour, promBoth, secs, uid } = w;
  const otlpJson = (path: string, body: unknown) => json(path, body);
  const resource = { attributes: [{ key: "service.name", value: { stringValue: `contract-${uid}` } }] };
  const nowNs = `${clock.now}000000`;
  return {
    // OTLP/JSON: one export that is accepted whole ({}) and one with a refused item (partialSuccess).
    "POST /v1/metrics": async () => {
      const gauge = (name: string, t: string) => ({ name, gauge: { dataPoints: [{ timeUnixNano: t, asDouble: 1 }] } });
      const res = await otlpJson("/v1/metrics", {
        resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [gauge(`contract_${uid}_otlp`, nowNs)] }] }],
      });
      expect(await res.clone().json()).toEqual({});
      // A point with no timestamp is refused and counted: the partialSuccess answer, checked by the contract.
      const partial = await otlpJson("/v1/metrics", {
        resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [gauge(`contract_${uid}_otlp`, "0")] }] }],
      });
      expect(((await partial.clone().json()) as any).partialSuccess?.rejectedDataPoints).toBe("1");
      return partial;
    },
    "POST /v1/traces": () =>
      otlpJson("/v1/traces", {
        resourceSpans: [
          {
            resource,
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: "5b8efff798038103d269b633813fc60c",
                    spanId: "eee19b7ec3c1b174",
                    name: "contract",
                    kind: 2,
                    startTimeUnixNano: nowNs,
                    endTimeUnixNano: nowNs,
                  },
                ],
              },
            ],
          },
        ],
      }),
    "POST /v1/logs": () =>
      otlpJson("/v1/logs", {
        resourceLogs: [
          {
            resource,
            scopeLogs: [
              { logRecords: [{ timeUnixNano: nowNs, severityNumber: 9, body: { stringValue: "contract" } }] },
            ],
          },
        ],
      }),
    "POST /api/ddx/metrics": async () => {
      const res = await json("/api/ddx/metrics", {
        query: 'sum by (region, version) (rate(checkout_http_requests_total{status=~"5.."}[1m]))',
        window: ddxWindow,
      });
      expect(((await res.clone().json()) as any).output?.ranked?.length, "ranked rows").toBeGreaterThan(0);
      return res;
    },
    "POST /api/ddx/traces": async () => {
      const res = await json("/api/ddx/traces", { service: "checkout-service", window: ddxWindow });
      expect(((await res.clone().json()) as any).output?.ranked?.length, "ranked rows").toBeGreaterThan(0);
      return res;
    },
    "GET /api/traces/search": async () => {
      const res = await call("/api/traces/search?service=checkout-service&limit=5");
      expect(((await res.clone().json()) as any).nextCursor, "a second page").toBeTruthy();
      return res;
    },
    "GET /api/traces/stats": () => call("/api/traces/stats?groupBy=service,operation"),
    "GET /api/traces/:traceId": async () => {
      const found = (await (await call("/api/traces/search?status=error&limit=1")).json()) as any;
      return call(`/api/traces/${found.traces[0].traceId}`);
    },
    "GET /api/logs/histogram": () => call("/api/logs/histogram?service=checkout-service"),
    "GET /api/logs": async () => {
      const res = await call("/api/logs?service=checkout-service&limit=2");
      const page = (await res.clone().json()) as any;
      expect([page.logs.length, !!page.nextCursor, page.logs.some((l: any) => l.traceLink)]).toEqual([2, true, true]);
      return res;
    },
    ...promBoth("/api/v1/query", () => ({ query: checkoutRate, time: secs(clock.now) })),
    ...promBoth("/api/v1/query_range", () => ({ query: checkoutRate, ...lastHour(), step: "60" })),
    ...promBoth("/api/v1/series", () => ({ "match[]": "checkout_http_requests_total", ...lastHour() })),
    ...promBoth("/api/v1/labels", lastHour),
    "GET /api/v1/label/:name/values": () => call(`/api/v1/label/region/values?${new URLSearchParams(lastHour())}`),
    "POST /api/v1/label/:name/values": () =>
      call("/api/v1/label/__name__/values", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(lastHour()).toString(),
      }),
    ...promBoth("/api/v1/metadata", () => ({ metric: `contract_${uid}_latency_seconds` })),
    ...promBoth("/api/v1/status/buildinfo"),
    ...promBoth("/api/v1/format_query", () => ({ query: "sum(rate(x[5m]))by(job)" })),
    ...promBoth("/api/v1/query_exemplars", () => ({ query: `contract_${uid}_latency_seconds`, ...lastHour() })),
    ...promBoth("/api/v1/rules"),
    ...promBoth("/api/v1/alerts"),
    ...promBoth("/api/v1/targets"),
    ...promBoth("/api/v1/status/config"),
    ...promBoth("/api/v1/status/flags"),
    ...promBoth("/api/v1/status/runtimeinfo"),
    ...promBoth("/api/v1/status/tsdb"),
    ...promBoth("/api/v1/status/walreplay"),
    "GET /api/metrics/storage": () => call("/api/metrics/storage"),
    "GET /api/admin/shard-map": () => call("/api/admin/shard-map"),
    // The count the map already has: the answer's shape without changing where other tests' data goes.
    "POST /api/admin/shard-map": async () => {
      const now = (await (await call("/api/admin/shard-map")).json()) as any;
      return json("/api/admin/shard-map", { signal: "metrics", shards: now.metrics.epochs.at(-1).shards });
    },
    "GET /api/services": () => call("/api/services"),
    "GET /api/services/graph": () => call("/api/services/graph"),
    "GET /api/services/:name/red": () =>
      call(`/api/services/nope-${uid}/red?start=${clock.now - 3_600_000}&end=${clock.now}`),
  };
}
