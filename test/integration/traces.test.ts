import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeTracesProto } from "../../core/otlp/traces/encode-proto";
import { readProtoPartialSuccess } from "../../core/otlp/response";
import { sampleSpans } from "../../platform/traces/sample";
import { call, json } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const NOW = Date.now();
const T0 = NOW - 20 * 60_000;
const failing: string[] = [];
const healthy: string[] = [];

beforeAll(async () => {
  const spans = [];
  for (let i = 0; i < 12; i++) {
    const traceId = randomHex(16);
    const fail = i % 3 === 0;
    (fail ? failing : healthy).push(traceId);
    spans.push(...checkoutTrace({ traceId, startMs: T0 + 5 * 60_000 + i * 10_000, failing: fail }));
  }
  // Baseline an hour earlier: healthy only.
  for (let i = 0; i < 6; i++)
    spans.push(...checkoutTrace({ traceId: randomHex(16), startMs: T0 - 55 * 60_000 + i * 10_000, failing: false }));
  // us-west-2 stays healthy.
  for (let i = 0; i < 3; i++)
    spans.push(
      ...checkoutTrace({
        traceId: randomHex(16),
        startMs: T0 + 6 * 60_000 + i * 10_000,
        failing: false,
        region: "us-west-2",
      }),
    );
  const half = Math.floor(spans.length / 2);
  const a = await json("/v1/traces", toOtlpJson(spans.slice(0, half)));
  expect(a.status).toBe(200);
  expect(await a.json()).toEqual({});
  const b = await call("/v1/traces", {
    method: "POST",
    headers: { "content-type": "application/x-protobuf" },
    body: encodeTracesProto(spans.slice(half)),
  });
  expect(b.status).toBe(200);
  expect(b.headers.get("content-type")).toBe("application/x-protobuf");
  expect(readProtoPartialSuccess(new Uint8Array(await b.arrayBuffer()))).toEqual({ rejected: 0, message: "" });
});

const range = `start=${T0 - 60_000}&end=${NOW}`;

interface Summary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  spanCount: number;
  errorCount: number;
  services: string[];
  durationUs: number;
}

describe("trace search", () => {
  it("finds the failing traces by service, status and deployment.version", async () => {
    const res = await call(
      `/api/traces/search?${range}&service=checkout-service&status=error&tag=deployment.version=v3.41.0&scope=environment=production&scope=region=us-east-1`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { traces: Summary[]; nextCursor: string | null };
    expect(body.traces.map((t) => t.traceId).sort()).toEqual([...failing].sort());
    const t = body.traces[0];
    expect(t).toMatchObject({ rootService: "frontend", rootOperation: "GET /checkout", spanCount: 8, errorCount: 6 });
    expect(t.services).toEqual(["checkout-service", "frontend", "inventory-service", "payment-gateway"]);
    expect(t.durationUs).toBeGreaterThan(4_100_000);
  });

  it("filters by duration, operation, regex and scope", async () => {
    const slow = (await (
      await call(
        `/api/traces/search?${range}&service=payment-gateway&operation=grpc.PaymentProcessor/ChargeCard&minDuration=4s`,
      )
    ).json()) as { traces: Summary[] };
    expect(slow.traces.length).toBe(failing.length);
    const fast = (await (
      await call(`/api/traces/search?${range}&service=payment-gateway&maxDuration=1s&limit=100`)
    ).json()) as { traces: Summary[] };
    expect(fast.traces.length).toBe(healthy.length + 3);
    const re = (await (
      await call(
        `/api/traces/search?${range}&tag=${encodeURIComponent("net.peer.name=~payment-provider\\..*")}&limit=100`,
      )
    ).json()) as { traces: Summary[] };
    expect(re.traces.length).toBe(failing.length);
    const west = (await (await call(`/api/traces/search?${range}&scope=region=us-west-2&limit=100`)).json()) as {
      traces: Summary[];
    };
    expect(west.traces.length).toBe(3);
    const notEast = (await (
      await call(`/api/traces/search?${range}&scope=region!~us-east-.*&status=error`)
    ).json()) as { traces: Summary[] };
    expect(notEast.traces.length).toBe(0);
  });

  it("pages with a cursor without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/traces/search?${range}&limit=4${cursor ? `&cursor=${cursor}` : ""}`;
      const body = (await (await call(url)).json()) as { traces: Summary[]; nextCursor: string | null };
      seen.push(...body.traces.map((t) => t.traceId));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.length).toBe(15);
    expect(new Set(seen).size).toBe(15);
  });

  it("rejects bad parameters with the error envelope", async () => {
    for (const q of [
      "minDuration=soon",
      "start=yesterday",
      "tag=nokey",
      "tag=a%3D~(",
      "limit=0",
      "cursor=garbage",
      "status=maybe",
    ]) {
      const res = await call(`/api/traces/search?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("VALIDATION");
    }
  });
});

describe("trace by id", () => {
  it("returns spans, flame tree, critical path and leaf errors", async () => {
    const res = await call(`/api/traces/${failing[0]}`);
    expect(res.status).toBe(200);
    const t = (await res.json()) as {
      spans: unknown[];
      tree: { name: string; children: unknown[] };
      orphans: string[];
      criticalPath: { spanId: string }[];
      leafErrors: { service: string; operation: string; statusMessage: string }[];
      links: { logs: string };
    };
    expect(t.spans.length).toBe(8);
    expect(t.tree.name).toBe("GET /checkout");
    expect(t.orphans).toEqual([]);
    expect(t.leafErrors).toEqual([
      {
        spanId: expect.any(String),
        service: "payment-gateway",
        operation: "grpc.PaymentProcessor/ChargeCard",
        statusMessage: "connection refused: payment-provider.internal:443",
      },
    ]);
    expect(t.criticalPath.length).toBeGreaterThan(3);
    expect(t.links.logs).toBe(`/api/logs?traceId=${failing[0]}`);
  });

  it("downloads OTLP JSON that ingests again", async () => {
    const res = await call(`/api/traces/${failing[0]}?format=otlp`);
    expect(res.headers.get("content-disposition")).toContain(`trace-${failing[0]}.json`);
    const body = (await res.json()) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    expect(body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length).toBe(8);
    const again = await json("/v1/traces", body);
    expect(again.status).toBe(200);
    const after = (await (await call(`/api/traces/${failing[0]}`)).json()) as { spans: unknown[] };
    expect(after.spans.length).toBe(8); // exporter retries do not duplicate spans
  });

  it("404 for an unknown trace, 400 for a malformed id", async () => {
    expect((await call(`/api/traces/${"f".repeat(32)}`)).status).toBe(404);
    expect((await call(`/api/traces/not-a-trace`)).status).toBe(400);
  });
});

describe("span statistics", () => {
  it("puts leaf errors on payment-gateway ChargeCard with the comparison window", async () => {
    const res = await call(`/api/traces/stats?${range}&groupBy=service,operation&scope=region=us-east-1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rows: {
        key: Record<string, string>;
        current: { requests: number; errors: number; leafErrors: number; p99Ms: number; errorsPerSec: number };
        comparison: { requests: number; errors: number; p99Ms: number };
      }[];
    };
    const top = body.rows[0];
    expect(top.key).toEqual({ service: "payment-gateway", operation: "grpc.PaymentProcessor/ChargeCard" });
    expect(top.current.leafErrors).toBe(failing.length);
    expect(top.current.errors).toBe(2 * failing.length);
    expect(top.current.p99Ms).toBeGreaterThan(4000);
    expect(top.comparison.requests).toBe(12);
    expect(top.comparison.errors).toBe(0);
    expect(top.comparison.p99Ms).toBeLessThan(200);
    expect(body.rows.filter((r) => r.current.leafErrors > 0).length).toBe(1);
  });

  it("groups by any tag and caps groupBy at three", async () => {
    const body = (await (
      await call(`/api/traces/stats?${range}&groupBy=deployment.version&service=checkout-service`)
    ).json()) as { rows: { key: Record<string, string>; current: { errors: number } }[] };
    expect(body.rows.find((r) => r.key["deployment.version"] === "v3.41.0")!.current.errors).toBe(2 * failing.length);
    expect(body.rows.find((r) => r.key["deployment.version"] === "v3.40.2")!.current.errors).toBe(0);
    expect((await call(`/api/traces/stats?groupBy=a,b,c,d`)).status).toBe(400);
  });
});

describe("sampleSpans (for Trace DDx)", () => {
  it("samples uniformly with the exact match count and flattened attributes", async () => {
    const errors = await sampleSpans(env, {
      service: "payment-gateway",
      start: T0,
      end: NOW,
      where: "error",
      limit: 3,
      seed: 1,
    });
    expect(errors.totalMatched).toBe(2 * failing.length);
    expect(errors.spans.length).toBe(3);
    for (const s of errors.spans) {
      expect(s.error).toBe(true);
      expect(s.attributes["service.name"]).toBe("payment-gateway");
      expect(s.durationMs).toBeGreaterThan(4000);
    }
    const all = await sampleSpans(env, {
      start: T0,
      end: NOW,
      scope: [{ key: "cloud.region", op: "=", value: "us-west-2" }],
      where: "all",
      limit: 1000,
    });
    expect(all.totalMatched).toBe(24);
    expect(all.spans.length).toBe(24);
    const slow = await sampleSpans(env, { start: T0, end: NOW, minDurationMs: 4000, where: "all", limit: 1000 });
    expect(slow.spans.every((s) => s.durationMs >= 4000)).toBe(true);
  });
});
