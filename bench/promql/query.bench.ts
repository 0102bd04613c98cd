// PromQL query latency per query class: Vigil (workerd + Durable Objects) vs a real Prometheus 2.42 over the
// same remote_write data, plus the engine alone over the in-memory source. Prints median ratios and writes
// bench/out/promql.json. Never asserts on time.
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../core/promql/engine";
import { MemorySource } from "../../core/promql/memory-source";
import { startPrometheus, startVigil, type Running, type RunningVigil } from "../../test/compat/harness";
import { benchOut, sized } from "../quick";
import { buildDataSet, sampleCount } from "../../test/compat/promql/dataset";
import { writeDataSet } from "../../test/compat/promql/load";
import { promQueryRange } from "../../test/compat/promql/prom-client";

const CLASSES: Record<string, string[]> = {
  selector: ['http_requests_total{job="api"}', "memory_usage_bytes", 'temperature_celsius{room=~"room-[1-5]"}'],
  rate: ["rate(http_requests_total[5m])", "irate(node_cpu_seconds_total[1m])", "increase(http_requests_total[15m])"],
  aggregation: [
    "sum by (job) (rate(http_requests_total[5m]))",
    "topk(3, temperature_celsius)",
    "avg without (instance) (memory_usage_bytes)",
  ],
  histogram_quantile: [
    "histogram_quantile(0.9, sum by (le) (rate(request_duration_seconds_bucket[5m])))",
    "histogram_quantile(0.5, rate(request_duration_seconds_bucket[10m]))",
  ],
  binary_op: [
    "rate(http_requests_total[5m]) / on(job, instance, method, status) rate(http_requests_total[10m])",
    "up * on(job, instance) group_left memory_usage_bytes",
    "temperature_celsius > bool 10",
  ],
  subquery: ["max_over_time(rate(http_requests_total[5m])[30m:1m])", "avg_over_time(temperature_celsius[30m:30s])"],
};
const RUNS = sized(9, 1);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  const r = (await f()) as { status?: string };
  if (r && r.status && r.status !== "success") throw new Error(`query failed: ${JSON.stringify(r).slice(0, 200)}`);
  return performance.now() - t;
}

describe("PromQL query latency", () => {
  const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const ds = buildDataSet(end);
  let vigil: RunningVigil;
  let prom: Running;
  beforeAll(async () => {
    [vigil, prom] = await Promise.all([startVigil({ port: 18205 }), startPrometheus({ port: 18222 })]);
    await Promise.all([
      writeDataSet(`${prom.url}/api/v1/write`, ds),
      writeDataSet(`${vigil.url}/api/v1/write`, ds, vigil.token),
    ]);
  });
  afterAll(async () => {
    await Promise.all([vigil?.stop(), prom?.stop()]);
  });

  it("measures range queries (1h, 30s step) per class", async () => {
    const src = new MemorySource();
    for (const s of ds.series) src.add(s.labels, s.timestamps, s.values);
    const engine = createEngine(src);
    const start = end - 3600_000;
    const step = 30_000;
    const classes: Record<string, { vigilMs: number; prometheusMs: number; engineMs: number; ratio: number }> = {};
    for (const [cls, queries] of Object.entries(CLASSES)) {
      const v: number[] = [],
        p: number[] = [],
        e: number[] = [];
      for (const q of queries) {
        // Warm both once (caches, JIT), then alternate.
        await promQueryRange(vigil.url, q, start, end, step, vigil.token);
        await promQueryRange(prom.url, q, start, end, step);
        const qv: number[] = [],
          qp: number[] = [],
          qe: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          qv.push(await time(() => promQueryRange(vigil.url, q, start, end, step, vigil.token)));
          qp.push(await time(() => promQueryRange(prom.url, q, start, end, step)));
          qe.push(await time(() => engine.rangeQuery(q, start, end, step)));
        }
        v.push(median(qv));
        p.push(median(qp));
        e.push(median(qe));
      }
      const row = { vigilMs: median(v), prometheusMs: median(p), engineMs: median(e), ratio: median(v) / median(p) };
      classes[cls] = row;
      console.log(
        `[bench promql] ${cls.padEnd(18)} vigil ${row.vigilMs.toFixed(1)} ms  prometheus ${row.prometheusMs.toFixed(1)} ms  ratio ${row.ratio.toFixed(2)}  (engine alone ${row.engineMs.toFixed(1)} ms)`,
      );
    }
    const ratios = Object.values(classes).map((c) => c.ratio);
    const overall = median(ratios);
    console.log(
      `[bench promql] median latency ratio Vigil/Prometheus: ${overall.toFixed(2)} (target <= 1.0) over ${ds.series.length} series, ${sampleCount(ds)} samples`,
    );
    // The cost of a request that does nothing, on each side: locally every Vigil request crosses wrangler dev's
    // proxy and workerd's asset router before the Worker runs. Reported beside the ratio, never instead of it.
    const floorOf = async (url: string) => {
      const xs: number[] = [];
      for (let i = 0; i < 3 * RUNS; i++) xs.push(await time(async () => (await fetch(url)).text()));
      return median(xs);
    };
    const floor = {
      vigilMs: await floorOf(`${vigil.url}/api/health`),
      prometheusMs: await floorOf(`${prom.url}/-/healthy`),
    };
    const net = median(
      Object.values(classes).map(
        (c) => Math.max(0, c.vigilMs - floor.vigilMs) / Math.max(0.01, c.prometheusMs - floor.prometheusMs),
      ),
    );
    console.log(
      `[bench promql] empty-request floor: vigil ${floor.vigilMs.toFixed(1)} ms (GET /api/health), prometheus ${floor.prometheusMs.toFixed(1)} ms (GET /-/healthy); median ratio net of the floors ${net.toFixed(2)}`,
    );
    writeFileSync(
      benchOut("promql"),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          series: ds.series.length,
          samples: sampleCount(ds),
          range: { hours: 1, stepS: step / 1000 },
          runs: RUNS,
          classes,
          medianRatio: overall,
          floor,
          medianRatioNetOfFloor: net,
        },
        null,
        2,
      ),
    );
    expect(ratios.length).toBe(Object.keys(CLASSES).length);
  });
});
