import { describe, expect, it } from "vitest";
import type { GraphEdge, GraphNode } from "../../api/services";
import { downstreamErrorSource } from "./downstream";

const red = (errorsPerMin: number) => ({
  requestsPerMin: 100,
  errorsPerMin,
  errorRate: errorsPerMin / 100,
  p50Ms: 1,
  p99Ms: 2,
});
const change = { requestsPerMin: 1, errorsPerMin: null, p50Ms: null, p99Ms: null };
const node = (id: string, err: number, kind: "service" | "external" = "service"): GraphNode => ({
  id,
  kind,
  current: red(err),
  baseline: red(0),
  change,
  origin: "metrics",
});
const edge = (source: string, target: string, err: number): GraphEdge => ({
  source,
  target,
  external: false,
  current: red(err),
  baseline: red(0),
  change,
  origin: "metrics",
});

describe("downstream error source", () => {
  it("follows failing calls to the deepest failing service (the story: checkout -> payment-gateway)", () => {
    const g = {
      nodes: [
        node("frontend", 9),
        node("checkout-service", 150),
        node("payment-gateway", 290),
        node("inventory-service", 0),
        node("payment-provider.internal", 282, "external"),
      ],
      edges: [
        edge("frontend", "checkout-service", 150),
        edge("checkout-service", "payment-gateway", 290),
        edge("checkout-service", "inventory-service", 0),
        edge("payment-gateway", "payment-provider.internal", 282),
      ],
    };
    expect(downstreamErrorSource("checkout-service", g)).toEqual({
      service: "payment-gateway",
      errorsPerMin: 290,
      depth: 1,
    });
    expect(downstreamErrorSource("frontend", g)?.service).toBe("payment-gateway");
    expect(downstreamErrorSource("payment-gateway", g)).toBeNull();
  });
});
