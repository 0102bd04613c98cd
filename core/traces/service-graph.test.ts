import { describe, expect, it } from "vitest";
import { buildServiceGraph, type RawEdge } from "./service-graph";
import { addSpan, addSpans, newAcc } from "./span-stats";

function edge(caller: string, callee: string, n: number, errors: number, durUs: number, external = false): RawEdge {
  const acc = newAcc();
  for (let i = 0; i < n; i++) addSpan(acc, durUs, i < errors, false);
  return { caller, callee, external, acc };
}

const current = [
  edge("frontend", "checkout-service", 100, 7, 300_000),
  edge("checkout-service", "payment-gateway", 60, 15, 4_100_000),
  edge("checkout-service", "inventory-service", 60, 0, 20_000),
  edge("payment-gateway", "payment-provider.internal", 60, 15, 4_100_000, true),
  edge("batch", "order-service", 10, 0, 1000),
];

describe("service graph", () => {
  it("computes per-minute figures, baseline and change", () => {
    const g = buildServiceGraph({
      current: { edges: [current], nodes: [] },
      baseline: { edges: [[edge("checkout-service", "payment-gateway", 60, 1, 150_000)]], nodes: [] },
      minutes: 10,
      baselineMinutes: 10,
    });
    const pg = g.edges.find((e) => e.target === "payment-gateway")!;
    expect(pg.current.requestsPerMin).toBe(6);
    expect(pg.current.errorsPerMin).toBe(1.5);
    expect(pg.baseline.errorsPerMin).toBe(0.1);
    expect(pg.change.errorsPerMin).toBe(15);
    expect(pg.change.p99Ms).toBeGreaterThan(20);
    const ext = g.nodes.find((n) => n.id === "payment-provider.internal")!;
    expect(ext.kind).toBe("external");
    expect(ext.current.requestsPerMin).toBe(6);
  });
  it("keeps only upstream and downstream of a focused service", () => {
    const g = buildServiceGraph({
      current: { edges: [current], nodes: [] },
      baseline: { edges: [], nodes: [] },
      minutes: 1,
      baselineMinutes: 1,
      focus: "payment-gateway",
    });
    expect(g.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      "checkout-service->payment-gateway",
      "frontend->checkout-service",
      "payment-gateway->payment-provider.internal",
    ]);
    expect(g.nodes.map((n) => n.id)).not.toContain("batch");
    expect(g.nodes.map((n) => n.id)).not.toContain("inventory-service");
  });

  it("weights spans by their adjusted count, latency quantiles included, and says so", () => {
    // 10 % sampled: 9 fast spans and 1 slow error each stand for 10 requests; 10 unweighted spans elsewhere.
    const sampled = newAcc();
    addSpans(sampled, 10_000, 90, 0, 0, 9);
    addSpans(sampled, 2_000_000, 10, 10, 0, 1);
    const plain = newAcc();
    addSpans(plain, 10_000, 10, 0, 0);
    const g = buildServiceGraph({
      current: {
        edges: [[{ caller: "a", callee: "b", external: false, acc: sampled }]],
        nodes: [[{ service: "b", acc: sampled }], [{ service: "c", acc: plain }]],
      },
      baseline: { edges: [], nodes: [] },
      minutes: 10,
      baselineMinutes: 10,
    });
    const b = g.nodes.find((n) => n.id === "b")!;
    expect(b.current).toMatchObject({ requestsPerMin: 10, errorsPerMin: 1, errorRate: 0.1 });
    expect(b.current.p50Ms).toBeCloseTo(10, 0);
    expect(b.current.p99Ms).toBeCloseTo(2000, -2);
    expect(b.weighted).toBe(true);
    expect(g.edges[0]).toMatchObject({ weighted: true, current: { requestsPerMin: 10 } });
    expect(g.nodes.find((n) => n.id === "c")!).toMatchObject({ weighted: false, current: { requestsPerMin: 1 } });
  });
});
