// Span figures weighted by sampling probability: spans carrying tracestate ot=th stand for 1 / probability
// requests each, on the map, the list and the service page, which say their figures are weighted; spans without
// th count once, as before. Both OTLP encodings carry tracestate.
import { beforeAll, describe, expect, it } from "vitest";
import { encodeTracesProto } from "../../core/otlp/traces/encode-proto";
import { call, json } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const NOW = Date.now();
const T0 = NOW - 20 * 60_000;
const range = `start=${T0}&end=${NOW}`;
/** Rejection threshold 0.9 * 2^56: kept with probability 10 %, so each span stands for 10. */
const TEN_PERCENT = "ot=th:e6666666666666";
const TRACES = 20;
const FAILING = 5;

interface Red {
  requestsPerMin: number;
  errorsPerMin: number;
  errorRate: number;
  p99Ms: number | null;
}
interface Sourced {
  current: Red;
  origin: string;
}
interface Graph {
  nodes: ({ id: string } & Sourced)[];
  edges: ({ source: string; target: string } & Sourced)[];
  sources: { spans: string };
}

function traces(environment: string, traceState?: string) {
  const spans = [];
  for (let i = 0; i < TRACES; i++)
    spans.push(
      ...checkoutTrace({
        traceId: randomHex(16),
        startMs: T0 + 5 * 60_000 + i * 30_000,
        failing: i % 4 === 0,
        environment,
      }),
    );
  return traceState ? spans.map((s) => ({ ...s, traceState })) : spans;
}

beforeAll(async () => {
  const sampled = traces("sampled", TEN_PERCENT);
  const half = Math.floor(sampled.length / 2);
  expect((await json("/v1/traces", toOtlpJson(sampled.slice(0, half)))).status).toBe(200);
  const proto = await call("/v1/traces", {
    method: "POST",
    headers: { "content-type": "application/x-protobuf" },
    body: encodeTracesProto(sampled.slice(half)),
  });
  expect(proto.status).toBe(200);
  expect((await json("/v1/traces", toOtlpJson(traces("unsampled")))).status).toBe(200);
});

const graph = async (q: string) => {
  const res = await call(`/api/services/graph?${range}&${q}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Graph;
};

describe("span figures weighted by sampling probability", () => {
  it("count each 10 % span ten times on the map, with origin weighted-spans", async () => {
    const g = await graph("scope=environment=sampled");
    const pay = g.edges.find((e) => e.source === "checkout-service" && e.target === "payment-gateway")!;
    expect(pay.origin).toBe("weighted-spans");
    expect(pay.current.requestsPerMin).toBeCloseTo((10 * TRACES) / 20, 2);
    expect(pay.current.errorsPerMin).toBeCloseTo((10 * FAILING) / 20, 2);
    const pg = g.nodes.find((n) => n.id === "payment-gateway")!;
    expect(pg.origin).toBe("weighted-spans");
    expect(pg.current.requestsPerMin).toBeCloseTo((10 * TRACES) / 20, 2);
    expect(pg.current.errorsPerMin).toBeCloseTo((10 * FAILING) / 20, 2);
    expect(pg.current.errorRate).toBeCloseTo(FAILING / TRACES, 3);
    expect(pg.current.p99Ms).toBeGreaterThan(4000);
    const ext = g.nodes.find((n) => n.id === "payment-provider.internal")!;
    expect(ext.origin).toBe("weighted-spans");
    expect(g.sources.spans).toMatch(/weighted by their sampling probability/);
  });

  it("gives the service page the same weighted figures: list, focused map and RED series", async () => {
    const list = (await (
      await call(`/api/services?${range}&scope=environment=sampled&service=payment-gateway`)
    ).json()) as { services: ({ service: string } & Sourced)[] };
    expect(list.services).toHaveLength(1);
    expect(list.services[0].origin).toBe("weighted-spans");
    expect(list.services[0].current.requestsPerMin).toBeCloseTo((10 * TRACES) / 20, 2);
    const focused = await graph("scope=environment=sampled&service=payment-gateway");
    expect(focused.nodes.find((n) => n.id === "payment-gateway")).toMatchObject({
      origin: "weighted-spans",
      current: list.services[0].current,
    });
    const res = await call(`/api/services/payment-gateway/red?${range}&scope=environment=sampled`);
    expect(res.status).toBe(200);
    const red = (await res.json()) as {
      origin: string;
      stepMs: number;
      spans: number;
      requestsPerSec: number[];
      errorsPerSec: number[];
    };
    expect(red.origin).toBe("weighted-spans");
    expect(red.spans).toBeCloseTo(10 * TRACES, 6);
    const total = (xs: number[]) => xs.reduce((s, x) => s + (x * red.stepMs) / 1000, 0);
    expect(total(red.requestsPerSec)).toBeCloseTo(10 * TRACES, 0);
    expect(total(red.errorsPerSec)).toBeCloseTo(10 * FAILING, 0);
  });

  it("counts spans without tracestate once, with origin spans, as before", async () => {
    const g = await graph("scope=environment=unsampled");
    const pg = g.nodes.find((n) => n.id === "payment-gateway")!;
    expect(pg.origin).toBe("spans");
    expect(pg.current.requestsPerMin).toBeCloseTo(TRACES / 20, 3);
    expect(pg.current.errorsPerMin).toBeCloseTo(FAILING / 20, 3);
    expect(g.edges.every((e) => e.origin === "spans")).toBe(true);
    const red = (await (
      await call(`/api/services/payment-gateway/red?${range}&scope=environment=unsampled`)
    ).json()) as {
      origin: string;
      spans: number;
    };
    expect(red).toMatchObject({ origin: "spans", spans: TRACES });
  });
});
