import { describe, expect, it } from "vitest";
import type { FlameNode } from "../../api/traces";
import { fitLabel, flameRects, matchesSearch, partitionTree } from "./flame";
import { fmtFactor, fmtRate, fmtUs } from "./format";
import { readTraceFilters, traceApiQuery, traceDdxHref, traceFiltersPatch, validateTraceFilters } from "./url";

const node = (
  id: string,
  startUs: number,
  endUs: number,
  selfUs: number,
  children: FlameNode[] = [],
  error = false,
): FlameNode => ({
  id,
  name: `op-${id}`,
  service: id === "c" ? "payment-gateway" : "checkout",
  startUs,
  endUs,
  selfUs,
  error,
  shiftUs: 0,
  stretchUs: 0,
  orphan: false,
  children,
});

describe("flame layout", () => {
  // root 0..100: child a 0..60 (self 20, has c 10..50), child b 60..100
  const tree = node("root", 0, 100, 0, [
    node("a", 0, 60, 20, [node("c", 10, 50, 40, [], true)]),
    node("b", 60, 100, 40),
  ]);
  it("partitions by self time, children side by side in start order", () => {
    const rects = flameRects(partitionTree(tree), null);
    const byId = Object.fromEntries(rects.map((r) => [r.id, r]));
    expect(byId.root).toMatchObject({ x: 0, w: 1, depth: 0 });
    expect(byId.a.x).toBe(0);
    expect(byId.a.w).toBeCloseTo(0.6);
    expect(byId.b.x).toBeCloseTo(0.6);
    expect(byId.c).toMatchObject({ depth: 2, error: true, durationUs: 40 });
    expect(byId.c.w).toBeCloseTo(0.4);
  });
  it("zooms on a node: it fills the width, siblings vanish, ancestors stay full width", () => {
    const rects = flameRects(partitionTree(tree), "a");
    const ids = rects.map((r) => r.id).sort();
    expect(ids).toEqual(["a", "c", "root"]);
    const a = rects.find((r) => r.id === "a")!;
    expect(a.x).toBeCloseTo(0);
    expect(a.w).toBeCloseTo(1);
    expect(rects.find((r) => r.id === "c")!.w).toBeCloseTo(40 / 60);
    expect(rects.find((r) => r.id === "root")!.w).toBe(1);
  });
  it("an unknown zoom id falls back to the whole trace", () => {
    expect(flameRects(partitionTree(tree), "nope")).toHaveLength(4);
  });
  it("survives a zero-length trace", () => {
    const rects = flameRects(partitionTree(node("r", 5, 5, 0)), null);
    expect(rects[0].w).toBe(1);
  });
  it("search matches operation or service, case-insensitively; empty matches nothing", () => {
    expect(matchesSearch({ name: "grpc.PaymentProcessor/ChargeCard", service: "payment-gateway" }, "chargecard")).toBe(
      true,
    );
    expect(matchesSearch({ name: "x", service: "payment-gateway" }, "PAYMENT")).toBe(true);
    expect(matchesSearch({ name: "x", service: "y" }, "  ")).toBe(false);
  });
  it("fits labels to the available width", () => {
    expect(fitLabel("ChargeCard", 200)).toBe("ChargeCard");
    expect(fitLabel("ChargeCard", 50)).toBe("Charg…");
    expect(fitLabel("ChargeCard", 20)).toBe("");
  });
});

describe("formatting", () => {
  it("durations and factors", () => {
    expect(fmtUs(850)).toBe("850µs");
    expect(fmtUs(4_100_000)).toBe("4.10s");
    expect(fmtUs(12_345)).toBe("12.3ms");
    expect(fmtFactor(39.2)).toBe("x39");
    expect(fmtFactor(1.25)).toBe("x1.3");
    expect(fmtFactor(null)).toBeNull();
    expect(fmtRate(0.0066667)).toBe("0.0067");
    expect(fmtRate(0)).toBe("0");
    expect(fmtRate(12.34)).toBe("12.3");
  });
});

describe("trace filters in the URL", () => {
  it("round-trips through the URL patch, dropping defaults", () => {
    const p = new URLSearchParams(
      "service=checkout-service&status=error&tag=deployment.version%3Dv3.41.0&minDuration=1s&groupBy=service,operation,deployment.version",
    );
    const f = readTraceFilters(p);
    expect(f).toMatchObject({
      service: "checkout-service",
      status: "error",
      tags: ["deployment.version=v3.41.0"],
      minDuration: "1s",
      groupBy: ["service", "operation", "deployment.version"],
    });
    const patch = traceFiltersPatch(f);
    expect(patch.groupBy).toBe("service,operation,deployment.version");
    expect(traceFiltersPatch({ ...f, groupBy: ["service", "operation"] }).groupBy).toBeNull();
    expect(patch.operation).toBeNull();
  });
  it("ignores junk: bad status, malformed tags, more than 3 group keys", () => {
    const f = readTraceFilters(new URLSearchParams("status=weird&tag=nokey&groupBy=a,b,c,d"));
    expect(f.status).toBe("");
    expect(f.tags).toEqual([]);
    expect(f.groupBy).toEqual(["a", "b", "c"]);
  });
  it("validates durations and tags with a message", () => {
    const f = readTraceFilters(new URLSearchParams());
    expect(validateTraceFilters({ ...f, minDuration: "fast" })).toMatch(/min duration/);
    expect(validateTraceFilters({ ...f, tags: ["=x"] })).toMatch(/key=value/);
    expect(validateTraceFilters({ ...f, minDuration: "4100ms" })).toBeNull();
  });
  it("builds the API query with the scope and window, and the DDx link", () => {
    const f = readTraceFilters(new URLSearchParams("service=checkout-service&tag=a%3Db"));
    const q = traceApiQuery(f, ["environment=production"], 1000.4, 2000.2);
    expect(q).toMatchObject({
      start: "1000",
      end: "2001",
      service: "checkout-service",
      tag: ["a=b"],
      scope: ["environment=production"],
    });
    expect(q.operation).toBeUndefined();
    expect(traceDdxHref(f, 1000, 2000)).toBe("/ddx?kind=traces&service=checkout-service&start=1000&end=2000");
  });
});
