// The PromQL engine alone at scale: 10,000 series x 1 h at 15 s scrape in the in-memory source, range queries
// of 60 and 240 steps per query class. Prints medians and writes bench/out/promql-engine-scale.json. Never
// asserts on time; it asserts only that each query returns the expected number of series.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../core/promql/engine";
import { MemorySource } from "../../core/promql/memory-source";
import { benchOut, sized } from "../quick";

const T0 = 1_700_000_000_000;
const SERIES = sized(10_000, 1_000);
const SCRAPE_MS = 15_000;
const POINTS = 240;
const RUNS = sized(3, 1);
const LES = ["0.005", "0.01", "0.05", "0.1", "0.5", "1", "2.5", "5", "10", "+Inf"];

const QUERIES: Record<string, { q: string; series: number }> = {
  selector: { q: "x", series: SERIES },
  rate: { q: "rate(x[5m])", series: SERIES },
  sum_rate: { q: "sum by (a) (rate(x[5m]))", series: 100 },
  histogram_quantile: { q: "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))", series: 1 },
};

/** Counters x{a,b} (with a reset every 50th series) and h_bucket with 10 buckets per instance. */
function buildSource(): MemorySource {
  const src = new MemorySource();
  const ts = Array.from({ length: POINTS }, (_, i) => T0 + i * SCRAPE_MS);
  for (let i = 0; i < SERIES; i++) {
    const vs = new Float64Array(POINTS);
    let c = 0;
    for (let j = 0; j < POINTS; j++) {
      c += (i % 7) + (j % 3);
      vs[j] = j === 120 && i % 50 === 0 ? 0 : c;
    }
    src.add({ __name__: "x", a: `a${i % 100}`, b: `b${Math.floor(i / 100)}`, job: "bench" }, ts, vs);
  }
  for (let i = 0; i < SERIES / LES.length; i++) {
    LES.forEach((le, k) => {
      const vs = new Float64Array(POINTS);
      for (let j = 0; j < POINTS; j++) vs[j] = j * (k + 1) * (1 + (i % 5));
      src.add({ __name__: "h_bucket", le, instance: `i${i}`, job: "bench" }, ts, vs);
    });
  }
  return src;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

describe("PromQL engine at 10,000 series", () => {
  it("measures range queries of 60 and 240 steps per class", async () => {
    const engine = createEngine(buildSource());
    const end = T0 + (POINTS - 1) * SCRAPE_MS;
    const out: Record<string, Record<string, number>> = {};
    for (const steps of [60, 240]) {
      const step = 3600_000 / steps;
      const start = end - (steps - 1) * step;
      for (const [cls, { q, series }] of Object.entries(QUERIES)) {
        const times: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          const t = performance.now();
          const res = await engine.rangeQuery(q, start, end, step);
          times.push(performance.now() - t);
          expect(res.result).toHaveLength(series);
        }
        (out[cls] ??= {})[`${steps}_steps_ms`] = Math.round(median(times));
        console.log(
          `engine ${cls.padEnd(18)} ${String(steps).padStart(3)} steps: median ${median(times).toFixed(0)} ms`,
        );
      }
    }
    writeFileSync(
      benchOut("promql-engine-scale"),
      JSON.stringify({ series: SERIES, points: POINTS, classes: out }, null, 2),
    );
  });
});
