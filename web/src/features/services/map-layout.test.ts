import { describe, expect, it } from "vitest";
import type { GraphEdge, GraphNode } from "../../api/services";
import { edgePath, edgeStyle, layoutMap, NODE_W } from "./map-layout";
import {
  edgeLabelVertical,
  edgePathVertical,
  layoutMapVertical,
  PHONE_NODE_H,
  PHONE_NODE_W,
} from "./map-layout-vertical";

const red = (requestsPerMin: number, errorsPerMin = 0, p99Ms: number | null = 10) => ({
  requestsPerMin,
  errorsPerMin,
  errorRate: requestsPerMin ? errorsPerMin / requestsPerMin : 0,
  p50Ms: 5,
  p99Ms,
});
const n = (id: string, kind: "service" | "external" = "service"): GraphNode => ({
  id,
  kind,
  current: red(10),
  baseline: red(10),
  change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: 1, p99Ms: 1 },
  origin: "spans",
});
const e = (source: string, target: string, external = false): GraphEdge => ({
  source,
  target,
  external,
  current: red(10),
  baseline: red(10),
  change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: 1, p99Ms: 1 },
  origin: "spans",
});

describe("dependency map layout", () => {
  const nodes = [
    n("frontend"),
    n("checkout-service"),
    n("payment-gateway"),
    n("payment-provider.internal", "external"),
    n("inventory"),
  ];
  const edges = [
    e("frontend", "checkout-service"),
    e("checkout-service", "payment-gateway"),
    e("checkout-service", "inventory"),
    e("payment-gateway", "payment-provider.internal", true),
  ];
  it("puts upstream left, the focus in the middle column, downstream right by hops", () => {
    const l = layoutMap(nodes, edges, "checkout-service");
    const col = Object.fromEntries(l.nodes.map((m) => [m.id, m.col]));
    expect(col).toEqual({
      frontend: -1,
      "checkout-service": 0,
      inventory: 1,
      "payment-gateway": 1,
      "payment-provider.internal": 2,
    });
    const x = Object.fromEntries(l.nodes.map((m) => [m.id, m.x]));
    expect(x.frontend).toBe(0);
    expect(x["checkout-service"]).toBeGreaterThan(x.frontend);
    expect(x["payment-provider.internal"]).toBeGreaterThan(x["payment-gateway"]);
    expect(l.width).toBe(x["payment-provider.internal"] + NODE_W);
  });
  it("nodes in one column do not overlap", () => {
    const l = layoutMap(nodes, edges, "checkout-service");
    const [a, b] = l.nodes.filter((m) => m.col === 1);
    expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(74);
  });
  it("draws the focus alone when it has no edges, and skips unconnected nodes", () => {
    const l = layoutMap([n("lonely"), n("other")], [], "lonely");
    expect(l.nodes.map((m) => m.id)).toEqual(["lonely"]);
  });
  it("a cycle does not loop forever and draws a back edge below", () => {
    const l = layoutMap([n("a"), n("b")], [e("a", "b"), e("b", "a")], "a");
    const [a, b] = [l.nodes.find((m) => m.id === "a")!, l.nodes.find((m) => m.id === "b")!];
    expect(b.col).toBe(1);
    expect(edgePath(b, a)).toContain("C");
  });
});

describe("edge style against the baseline", () => {
  it("marks the story edge red with errors x39, p99 x23", () => {
    const s = edgeStyle({
      current: red(600, 234, 4100),
      baseline: red(600, 6, 178),
      change: { requestsPerMin: 1, errorsPerMin: 39, p50Ms: 2, p99Ms: 23 },
    });
    expect(s.tone).toBe("bad");
    expect(s.label).toBe("errors x39, p99 x23");
  });
  it("a healthy edge is ok with no label; thickness grows with traffic", () => {
    const lo = edgeStyle({
      current: red(1),
      baseline: red(1),
      change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: 1, p99Ms: 1 },
    });
    const hi = edgeStyle({
      current: red(1000),
      baseline: red(1000),
      change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: 1, p99Ms: 1 },
    });
    expect(lo).toMatchObject({ tone: "ok", label: "" });
    expect(hi.width).toBeGreaterThan(lo.width);
  });
  it("errors with no baseline errors count as new", () => {
    const s = edgeStyle({
      current: red(100, 5),
      baseline: red(100, 0),
      change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: 1, p99Ms: 1 },
    });
    expect(s).toMatchObject({ tone: "bad", label: "errors new" });
  });
  it("slow but not failing is a warning", () => {
    const s = edgeStyle({
      current: red(100, 0, 900),
      baseline: red(100, 0, 300),
      change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: 1, p99Ms: 3 },
    });
    expect(s).toMatchObject({ tone: "warn", label: "p99 x3" });
  });
});

describe("phone (vertical) layout", () => {
  const nodes = [
    n("frontend"),
    n("checkout-service"),
    n("payment-gateway"),
    n("order-service"),
    n("inventory"),
    n("payment-provider.internal", "external"),
  ];
  const edges = [
    e("frontend", "checkout-service"),
    e("checkout-service", "payment-gateway"),
    e("checkout-service", "inventory"),
    e("checkout-service", "order-service"),
    e("payment-gateway", "payment-provider.internal", true),
  ];
  it("stacks callers, focus and callees as rows that fit a 390 px phone", () => {
    const l = layoutMapVertical(nodes, edges, "checkout-service");
    const y = Object.fromEntries(l.nodes.map((m) => [m.id, m.y]));
    expect(y.frontend).toBeLessThan(y["checkout-service"]);
    expect(y["payment-gateway"]).toBeGreaterThan(y["checkout-service"]);
    expect(y.inventory).toBe(y["payment-gateway"]);
    expect(y["payment-provider.internal"]).toBeGreaterThan(y["payment-gateway"]);
    // Three callees side by side still fit the phone's content width (390 px minus page padding) unscaled.
    expect(l.width).toBeLessThanOrEqual(358);
    const row = l.nodes.filter((m) => m.col === 1).sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++) expect(row[i].x - row[i - 1].x).toBeGreaterThanOrEqual(PHONE_NODE_W);
    expect(l.vertical).toBe(true);
  });
  it("edges run downwards; labels sit under callers of the focus and over other callees", () => {
    const l = layoutMapVertical(nodes, edges, "checkout-service");
    const at = (id: string) => l.nodes.find((m) => m.id === id)!;
    expect(edgePathVertical(at("frontend"), at("checkout-service"))).toMatch(/^M\d+(\.\d+)?,70 C/);
    expect(edgeLabelVertical(at("frontend"), at("checkout-service")).y).toBeGreaterThan(
      at("frontend").y + PHONE_NODE_H,
    );
    expect(edgeLabelVertical(at("checkout-service"), at("payment-gateway")).y).toBeLessThan(at("payment-gateway").y);
    expect(edgePathVertical(at("payment-gateway"), at("frontend"))).toContain("C");
  });
});
