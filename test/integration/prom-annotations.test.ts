// PromQL annotations through /api/v1/query and /api/v1/query_range, as Prometheus 2.53 answers them: infos
// and warnings in one `warnings` list, each positioned in the query, and no `warnings` key when there is
// nothing to say. The rate queries run pushed down to the metric shards (the window holds floats only), so
// the info comes from what the shards saw.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { shardPushdown } from "../../platform/metrics/pushdown";
import { snappyWriteRequest } from "../compat/promql/remote-write";
import { call } from "./helpers";

const suffix = Math.random().toString(36).slice(2, 8);
const gauge = `annot_queue_depth_${suffix}`;
const counter = `annot_requests_${suffix}_total`;
const bucket = `annot_latency_${suffix}_bucket`;
const STEP = 15_000;
const now = Math.floor(Date.now() / STEP) * STEP;
const t0 = now - 10 * 60_000;
const ts = Array.from({ length: 41 }, (_, i) => t0 + i * STEP);
const tEnd = ts[ts.length - 1];
const sec = (t: number) => String(t / 1000);

type Answer = { status: string; data: { result: unknown[] }; warnings?: string[]; infos?: string[] };

async function get(path: string, params: Record<string, string>): Promise<Answer> {
  const res = await call(`${path}?${new URLSearchParams(params)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}
const instant = (query: string) => get("/api/v1/query", { query, time: sec(tEnd) });
const range = (query: string) =>
  get("/api/v1/query_range", { query, start: sec(tEnd - 5 * 60_000), end: sec(tEnd), step: "60" });

const NOT_COUNTER = "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket:";

describe("PromQL annotations in the query API", () => {
  beforeAll(async () => {
    const series = [
      { labels: { __name__: gauge, job: "api" }, values: ts.map((_, i) => i % 7) },
      { labels: { __name__: gauge, job: "web" }, values: ts.map((_, i) => i % 5) },
      { labels: { __name__: counter, job: "api" }, values: ts.map((_, i) => i * 3) },
      ...(["0.1", "1", "+Inf"] as const).map((le, k) => ({
        labels: { __name__: bucket, job: "api", le },
        values: ts.map((_, i) => (k + 1) * i),
      })),
    ];
    const body = snappyWriteRequest(
      series.map((s) => ({ labels: s.labels, timestamps: ts, values: Float64Array.from(s.values) })),
    );
    const res = await call("/api/v1/write", {
      method: "POST",
      headers: {
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "0.1.0",
      },
      body,
    });
    expect(res.status).toBeLessThan(300);
  });

  it("runs the rate queries below where the data lives", async () => {
    expect(await shardPushdown(env).accepts!({ start: t0 - 10 * 60_000, end: tEnd })).toBe(true);
  });

  it("rate over a gauge's name: the info, at the range selector, in an instant and a range query", async () => {
    const q = `sum by (job) (rate(${gauge}[5m]))`;
    const a = await instant(q);
    expect(a.data.result).toHaveLength(2);
    expect(a.warnings).toEqual([`${NOT_COUNTER} "${gauge}" (1:20)`]);
    expect(a.infos).toBeUndefined();
    const r = await range(`increase(${gauge}[2m])`);
    expect(r.data.result).toHaveLength(2);
    expect(r.warnings).toEqual([`${NOT_COUNTER} "${gauge}" (1:10)`]);
  });

  it("a counter's name and a valid quantile: no warnings key at all", async () => {
    const a = await instant(`histogram_quantile(0.9, sum by (le) (rate(${bucket}[5m]))) + rate(${counter}[5m])`);
    expect(a.status).toBe("success");
    expect("warnings" in a).toBe(false);
    expect("infos" in a).toBe(false);
    const r = await range(`rate(${counter}[5m])`);
    expect(r.data.result).toHaveLength(1);
    expect("warnings" in r).toBe(false);
  });

  it("quantiles outside [0, 1]: histogram_quantile, quantile_over_time and the quantile aggregation", async () => {
    const hq = await instant(`histogram_quantile(1.5, rate(${bucket}[5m]))`);
    expect(hq.data.result).toHaveLength(1);
    expect(hq.warnings).toEqual(["PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:20)"]);
    const over = await range(`quantile_over_time(-0.5, ${gauge}[5m])`);
    expect(over.warnings).toEqual(["PromQL warning: quantile value should be between 0 and 1, got -0.5 (1:20)"]);
    const agg = await range(`quantile(2, rate(${counter}[5m]))`);
    expect(agg.warnings).toEqual(["PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)"]);
  });

  it("several annotations of one query, each once", async () => {
    const q = `quantile(2, rate(${gauge}[5m])) or histogram_quantile(0.5, ${gauge})`;
    const r = await range(q);
    expect(new Set(r.warnings)).toEqual(
      new Set([
        "PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)",
        `${NOT_COUNTER} "${gauge}" (1:18)`,
        `PromQL warning: bucket label "le" is missing or has a malformed value of "" for metric name "${gauge}" (1:${q.indexOf("histogram_quantile") + 25})`,
      ]),
    );
    expect(r.warnings).toHaveLength(3);
  });
});
