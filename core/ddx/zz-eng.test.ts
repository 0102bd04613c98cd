import { it } from "vitest";
import { createEngine } from "../promql/engine";
import { MemorySource } from "../promql/memory-source";
it("engine 10k", async () => {
  const src = new MemorySource();
  const T = 1_700_000_000_000;
  for (let i = 0; i < 10000; i++) {
    const ts: number[] = [], vs: number[] = [];
    let c = 0;
    for (let t = T - 90 * 60_000; t <= T + 20 * 60_000; t += 30_000) { c += Math.random() * 3; ts.push(t); vs.push(c); }
    src.add({ __name__: "x_total", a: `a${i % 20}`, b: `b${i % 1000}`, c: `c${i % 7}` }, ts, vs);
  }
  const eng = createEngine(src);
  for (let k = 0; k < 2; k++) {
    let t = performance.now();
    const w = await eng.rangeQueryNumeric("rate(x_total[1m])", T + 15_000, T + 15 * 60_000, 15_000);
    const t1 = performance.now() - t; t = performance.now();
    const b = await eng.rangeQueryNumeric("rate(x_total[1m])", T - 60 * 60_000 + 15_000, T, 15_000);
    console.log("window", t1.toFixed(0), "baseline", (performance.now() - t).toFixed(0), w.length, b.length);
  }
}, 120_000);
