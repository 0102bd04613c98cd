import { describe, expect, it } from "vitest";
import { MetricStore } from "./metric-store.mjs";
import { selector } from "./resume.mjs";
import { BUCKETS } from "./topology.mjs";

const value = (s: MetricStore, t: number, name: string) =>
  s.snapshot(t).find((x) => x.labels.__name__ === name)?.samples[0].value;

describe("continuing an earlier run's series", () => {
  it("a seeded counter continues from its stored value once this run counts it, never below", () => {
    const s = new MetricStore();
    s.seed({
      counters: [{ labels: { __name__: "rpc_client_requests_total", service: "a", status: "ok" }, value: 32_791 }],
      histograms: [],
    });
    expect(s.snapshot(1)).toEqual([]); // dormant until this run sees the series
    s.add("rpc_client_requests_total", { service: "a", status: "ok" }, 5);
    expect(value(s, 2, "rpc_client_requests_total")).toBe(32_796);
  });

  it("a seeded histogram continues its buckets, sum and count", () => {
    const s = new MetricStore();
    const buckets = BUCKETS.map((_, i) => 10 * (i + 1));
    s.seed({
      counters: [],
      histograms: [
        {
          labels: { __name__: "rpc_client_duration_seconds", service: "a" },
          bounds: BUCKETS,
          buckets,
          sum: 12.5,
          count: 200,
        },
      ],
    });
    s.observe("rpc_client_duration_seconds", { service: "a" }, [BUCKETS[0]]);
    const snap = s.snapshot(3);
    const get = (name: string, le?: string) =>
      snap.find((x) => x.labels.__name__ === name && x.labels.le === le)?.samples[0].value;
    expect(get("rpc_client_duration_seconds_count")).toBe(201);
    expect(get("rpc_client_duration_seconds_sum")).toBeCloseTo(12.5 + BUCKETS[0]);
    expect(get("rpc_client_duration_seconds_bucket", String(BUCKETS[0]))).toBe(11);
    expect(get("rpc_client_duration_seconds_bucket", "+Inf")).toBe(201);
    // Continued, not born: no 0 is written before it, which rate() would read as a reset.
    expect(snap.find((x) => x.labels.__name__ === "rpc_client_duration_seconds_count")?.samples).toHaveLength(1);
  });

  it("a stored histogram with other bucket bounds starts again under this run's bounds", () => {
    const s = new MetricStore();
    s.seed({
      counters: [],
      histograms: [{ labels: { __name__: "h_seconds" }, bounds: [1, 2], buckets: [5, 7], sum: 9, count: 8 }],
    });
    s.observe("h_seconds", {}, [0.5], BUCKETS);
    const snap = s.snapshot(4);
    expect(snap.filter((x) => x.labels.__name__ === "h_seconds_bucket").map((x) => x.labels.le)).toEqual([
      ...BUCKETS.map(String),
      "+Inf",
    ]);
    expect(snap.find((x) => x.labels.__name__ === "h_seconds_count")?.samples.at(-1)?.value).toBe(1);
  });

  it("selects one stored series exactly, quoting label names PromQL 3 needs quoted", () => {
    expect(selector("x_total", { __name__: "x_total", service: "a", "deployment.version": 'v"1' })).toBe(
      'x_total{service="a","deployment.version"="v\\"1"}',
    );
    expect(selector("rpc.client.duration_milliseconds_count", { "rpc.method": "Charge" })).toBe(
      '{"rpc.client.duration_milliseconds_count","rpc.method"="Charge"}',
    );
  });
});
