import { beforeAll, describe, expect, it } from "vitest";
import { call, json } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const NOW = Date.now();
const T0 = NOW - 20 * 60_000;

beforeAll(async () => {
  const spans = [];
  for (let i = 0; i < 10; i++)
    spans.push(
      ...checkoutTrace({ traceId: randomHex(16), startMs: T0 + 5 * 60_000 + i * 10_000, failing: i % 2 === 0 }),
    );
  for (let i = 0; i < 10; i++)
    spans.push(...checkoutTrace({ traceId: randomHex(16), startMs: T0 - 55 * 60_000 + i * 10_000, failing: false }));
  expect((await json("/v1/traces", toOtlpJson(spans))).status).toBe(200);
});

const range = `start=${T0}&end=${NOW}`;

interface Red {
  requestsPerMin: number;
  errorsPerMin: number;
  p50Ms: number | null;
  p99Ms: number | null;
}
interface Edge {
  source: string;
  target: string;
  external: boolean;
  current: Red;
  baseline: Red;
  change: { errorsPerMin: number | null; p99Ms: number | null };
}
interface Graph {
  nodes: { id: string; kind: string; current: Red }[];
  edges: Edge[];
}

describe("service dependency graph", () => {
  it("draws caller -> callee edges and external calls with window, baseline and change", async () => {
    const res = await call(`/api/services/graph?${range}&scope=environment=production`);
    expect(res.status).toBe(200);
    const g = (await res.json()) as Graph;
    const pairs = g.edges.map((e) => `${e.source}->${e.target}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        "frontend->checkout-service",
        "checkout-service->payment-gateway",
        "checkout-service->inventory-service",
        "payment-gateway->payment-provider.internal",
      ]),
    );
    const pay = g.edges.find((e) => e.target === "payment-gateway")!;
    expect(pay.current.requestsPerMin).toBeCloseTo(10 / 20, 3);
    expect(pay.current.errorsPerMin).toBeCloseTo(5 / 20, 3);
    expect(pay.baseline.errorsPerMin).toBe(0);
    expect(pay.current.p99Ms).toBeGreaterThan(4000);
    expect(pay.change.p99Ms).toBeGreaterThan(10);
    const ext = g.edges.find((e) => e.target === "payment-provider.internal")!;
    expect(ext.external).toBe(true);
    expect(ext.current.errorsPerMin).toBeCloseTo(5 / 20, 3);
    expect(g.nodes.find((n) => n.id === "payment-provider.internal")!.kind).toBe("external");
    // The healthy provider host appears in the baseline and the healthy half of the window.
    expect(pairs).toContain("payment-gateway->payment-api.prod.internal");
  });

  it("limits the map to one service's upstream and downstream", async () => {
    const g = (await (await call(`/api/services/graph?${range}&service=inventory-service`)).json()) as Graph;
    expect(g.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual([
      "checkout-service->inventory-service",
      "frontend->checkout-service",
    ]);
  });

  it("lists services with RED figures, failing first", async () => {
    const res = await call(`/api/services?${range}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: { service: string; current: Red; baseline: Red }[] };
    expect(body.services.map((s) => s.service).sort()).toEqual([
      "checkout-service",
      "frontend",
      "inventory-service",
      "payment-gateway",
    ]);
    expect(body.services[0].current.errorsPerMin).toBeGreaterThan(0);
    const inv = body.services.find((s) => s.service === "inventory-service")!;
    expect(inv.current.errorsPerMin).toBe(0);
    expect(inv.baseline.requestsPerMin).toBeCloseTo(10 / 20, 3);
  });
});
