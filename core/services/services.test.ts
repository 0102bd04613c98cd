import { describe, expect, it } from "vitest";
import { createEngine } from "../promql/engine";
import type { LabelMatcher, RawSeries } from "../promql/types";
import { matchesAll } from "../promql/labels";
import { METRIC_FAMILIES } from "./families";
import { calleeService, foldFamily } from "./fold";
import { mergeServiceGraph } from "./merge";
import { familyQueries, promDuration, selector } from "./queries";
import { resolveFamily, type ResolvedFamily } from "./resolve";

const family = (id: string) => METRIC_FAMILIES.find((f) => f.id === id)!;
const names = (...n: string[]) => new Set(n);

describe("resolveFamily", () => {
  it("finds the service in job and maps scope keys onto OTel resource labels", () => {
    const r = resolveFamily(
      family("otel.http.server"),
      names("job", "deployment.environment.name", "cloud.region", "http.response.status_code"),
      [
        { label: "environment", op: "=", value: "production" },
        { label: "region", op: "=", value: "us-east-1" },
      ],
    );
    expect(r.ok && r.resolved.serviceLabel).toBe("job");
    expect(r.ok && r.resolved.scope).toEqual([
      { name: "deployment.environment.name", op: "=", value: "production" },
      { name: "cloud.region", op: "=", value: "us-east-1" },
    ]);
  });

  it("refuses a family that cannot honour a scope key, naming the key", () => {
    const r = resolveFamily(family("otel.http.server"), names("job"), [{ label: "region", op: "=", value: "x" }]);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining("region") });
  });

  it("pins service= scope through job's namespace prefix", () => {
    const r = resolveFamily(family("otel.http.server"), names("job"), [
      { label: "service", op: "=", value: "payment-gateway" },
    ]);
    expect(r.ok && r.resolved.scope).toEqual([{ name: "job", op: "=~", value: "(?:.*/)?payment-gateway" }]);
  });

  it("needs a callee label for client families", () => {
    expect(resolveFamily(family("otel.http.client"), names("job"), []).ok).toBe(false);
    const r = resolveFamily(family("otel.http.client"), names("job", "server.address"), []);
    expect(r.ok && r.resolved.peerLabel).toBe("server.address");
  });
});

describe("queries", () => {
  it("quotes UTF-8 names and writes exact durations", () => {
    expect(
      selector("http.server.request.duration_seconds_count", [{ name: "cloud.region", op: "=", value: "a" }]),
    ).toBe('{"http.server.request.duration_seconds_count", "cloud.region"="a"}');
    expect(selector("calls_total", [])).toBe("calls_total");
    expect(promDuration(3_600_000)).toBe("1h");
    expect(promDuration(90_000)).toBe("90s");
    expect(promDuration(1500)).toBe("1500ms");
  });
});

// A tiny in-memory store: cumulative series sampled every 15 s over an hour.
function store(series: { labels: Record<string, string>; perSec: number }[]): RawSeries[] {
  return series.map((s) => {
    const ts: number[] = [];
    const vs: number[] = [];
    for (let t = 0; t <= 3_600_000; t += 15_000) {
      ts.push(t);
      vs.push((s.perSec * t) / 1000);
    }
    return { labels: s.labels, timestamps: ts, values: Float64Array.from(vs) };
  });
}

describe("figures from a histogram family, end to end through the engine", () => {
  const job = "shop/payment-gateway";
  const base = { job, "cloud.region": "us-east-1" };
  const raw = store([
    {
      labels: { __name__: "http.server.request.duration_seconds_count", ...base, "http.response.status_code": "200" },
      perSec: 15,
    },
    {
      labels: { __name__: "http.server.request.duration_seconds_count", ...base, "http.response.status_code": "503" },
      perSec: 5,
    },
    {
      labels: {
        __name__: "http.server.request.duration_seconds_count",
        ...base,
        "cloud.region": "us-west-2",
        "http.response.status_code": "503",
      },
      perSec: 100,
    },
    ...["0.1", "0.2", "4", "4.5", "+Inf"].map((le, i) => ({
      labels: { __name__: "http.server.request.duration_seconds_bucket", ...base, le },
      perSec: [10, 15, 15, 20, 20][i],
    })),
  ]);
  const engine = createEngine({
    async select(ms: LabelMatcher[]) {
      return raw.filter((r) => matchesAll(ms, r.labels));
    },
  });
  const r = resolveFamily(family("otel.http.server"), names("job", "cloud.region", "http.response.status_code"), [
    { label: "region", op: "=", value: "us-east-1" },
  ]);
  const resolved = (r.ok ? r.resolved : null) as ResolvedFamily;

  it("gives requests and errors per minute, error rate and p99 for the scope only", async () => {
    const q = familyQueries(resolved, "30m", { by: ["job"] });
    const at = async (e: string | null) =>
      (await engine.instantQueryNumeric(e!, 3_600_000)).map((s) => ({ labels: s.labels, value: s.values[0] }));
    const figs = foldFamily(resolved, {
      requests: await at(q.requests),
      errors: await at(q.errors),
      p50: await at(q.p50),
      p99: await at(q.p99),
    });
    const pg = figs.get("payment-gateway")!;
    expect(pg.requestsPerMin).toBeCloseTo(1200, 0);
    expect(pg.errorsPerMin).toBeCloseTo(300, 0);
    expect(pg.errorRate).toBeCloseTo(0.25, 3);
    // 20/s in total, 15/s under 4 s: the 99th percentile lies in (4, 4.5].
    expect(pg.p99Ms).toBeGreaterThan(4000);
    expect(pg.p99Ms).toBeLessThanOrEqual(4500);
  });
});

describe("merge", () => {
  const fig = (req: number, err = 0, p99: number | null = 100) => ({
    requestsPerMin: req,
    errorsPerMin: err,
    errorRate: req ? err / req : 0,
    p50Ms: null,
    p99Ms: p99,
  });
  const node = (id: string, req: number, weighted = false) => ({
    id,
    kind: "service" as const,
    current: fig(req),
    baseline: fig(req),
    change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: null, p99Ms: 1 },
    weighted,
  });
  const edge = (source: string, target: string, req: number, external = false, weighted = false) => ({
    source,
    target,
    external,
    current: fig(req),
    baseline: fig(req),
    change: { requestsPerMin: 1, errorsPerMin: null, p50Ms: null, p99Ms: 1 },
    weighted,
  });

  it("takes figures from metrics where they exist and says which came from where", () => {
    const g = mergeServiceGraph(
      {
        nodes: [node("checkout", 20), node("pg", 8), node("inv", 12)],
        edges: [edge("checkout", "pg", 8), edge("checkout", "inv", 12)],
      },
      {
        services: new Map([
          ["pg", { current: fig(1240, 312, 4200), baseline: fig(1240, 8, 180), family: "otel.http.server" }],
        ]),
        calls: [
          {
            caller: "checkout",
            callee: "pg",
            external: false,
            current: fig(1240, 312),
            baseline: fig(1240, 8),
            family: "otel.http.client",
          },
        ],
      },
      "pg",
    );
    expect(g.nodes.map((n) => [n.id, n.origin, n.current.requestsPerMin])).toEqual([
      ["checkout", "spans", 20],
      ["pg", "metrics", 1240],
    ]);
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({
      source: "checkout",
      target: "pg",
      origin: "metrics",
      family: "otel.http.client",
    });
    expect(g.nodes[1].change.errorsPerMin).toBe(39);
  });

  it("adds a call only metrics know of and sums external hosts' incoming calls", () => {
    const g = mergeServiceGraph(
      { nodes: [node("pg", 8)], edges: [] },
      {
        services: new Map(),
        calls: [
          {
            caller: "pg",
            callee: "provider.internal",
            external: true,
            current: fig(100, 100, 4100),
            baseline: fig(0, 0, null),
            family: "otel.rpc.client",
          },
        ],
      },
    );
    const ext = g.nodes.find((n) => n.id === "provider.internal")!;
    expect(ext).toMatchObject({ kind: "external", origin: "metrics" });
    expect(ext.current.errorsPerMin).toBe(100);
  });
});

describe("merge, span figures", () => {
  const fig = { requestsPerMin: 10, errorsPerMin: 1, errorRate: 0.1, p50Ms: 5, p99Ms: 9 };
  const same = { current: fig, baseline: fig, change: { requestsPerMin: 1, errorsPerMin: 1, p50Ms: 1, p99Ms: 1 } };
  it("says which span figures are weighted by sampling probability, externals by their incoming calls", () => {
    const g = mergeServiceGraph(
      {
        nodes: [
          { id: "a", kind: "service", ...same, weighted: true },
          { id: "b", kind: "service", ...same, weighted: false },
          { id: "x.example", kind: "external", ...same, weighted: true },
        ],
        edges: [
          { source: "a", target: "b", external: false, ...same, weighted: false },
          { source: "a", target: "x.example", external: true, ...same, weighted: true },
        ],
      },
      { services: new Map(), calls: [] },
    );
    expect(g.nodes.map((n) => [n.id, n.origin])).toEqual([
      ["a", "weighted-spans"],
      ["b", "spans"],
      ["x.example", "weighted-spans"],
    ]);
    expect(g.edges.map((e) => e.origin)).toEqual(["spans", "weighted-spans"]);
    expect(g.nodes.every((n) => !("weighted" in n))).toBe(true);
  });
});

describe("calleeService", () => {
  const known = new Set(["payment-gateway", "checkout-service"]);
  it("maps a host naming a service to it, and leaves other hosts external", () => {
    expect(calleeService("payment-gateway", known)).toBe("payment-gateway");
    expect(calleeService("payment-gateway:8080", known)).toBe("payment-gateway");
    expect(calleeService("payment-gateway.shop.svc", known)).toBe("payment-gateway");
    expect(calleeService("payment-provider.internal", known)).toBeNull();
    expect(calleeService("api.stripe.com", known)).toBeNull();
  });
});
