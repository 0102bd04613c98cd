import { describe, expect, it } from "vitest";
import { createEngine } from "./engine";
import { MemorySource } from "./memory-source";
import { staleNaNArray } from "./stale";

// The fused path walks window cursors forward across steps; each step must equal a fresh instant query
// (which starts from no cursor state), for fast and generic range functions alike.
function source(): MemorySource {
  const src = new MemorySource();
  for (let k = 0; k < 4; k++) {
    const ts: number[] = [];
    const vs: number[] = [];
    // Irregular scrapes with a gap and a counter reset; one series ends with a stale marker.
    for (let t = 0; t <= 3_600_000; t += 10_000 + 5_000 * (k % 3)) {
      if (t > 1_200_000 && t < 1_500_000 && k === 1) continue;
      ts.push(t);
      vs.push(t === 1_800_000 + 0 && k === 2 ? 0 : t / 1000 + k);
    }
    const values = Float64Array.from(vs);
    if (k === 3) values.set(staleNaNArray(), values.length - 1);
    src.add({ __name__: "c", k: String(k) }, ts, values);
  }
  return src;
}

const EXPRS = [
  "rate(c[5m])",
  "irate(c[1m])",
  "increase(c[2m] offset 1m)",
  "delta(c[3m])",
  "idelta((c[90s]))",
  "count_over_time(c[1m])",
  "last_over_time(c[1m])",
  "quantile_over_time(0.3, c[4m])",
  "avg_over_time(c[5m] @ 1800)",
  "sum(rate(c[5m]))",
];

describe("range functions with moving window cursors", () => {
  for (const leftOpen of [false, true]) {
    it(`equal fresh instant queries at every step (leftOpen=${leftOpen})`, async () => {
      const engine = createEngine(source(), { leftOpenRanges: leftOpen });
      for (const q of EXPRS) {
        const range = await engine.rangeQueryNumeric(q, 600_000, 3_600_000, 45_000);
        expect(range.length, q).toBeGreaterThan(0);
        for (const s of range) {
          for (let i = 0; i < s.timestamps.length; i += 7) {
            const inst = await engine.instantQueryNumeric(q, s.timestamps[i]);
            const same = inst.find((x) => JSON.stringify(x.labels) === JSON.stringify(s.labels));
            expect(same?.values[0], `${q} @ ${s.timestamps[i]}`).toBe(s.values[i]);
          }
        }
      }
    });
  }
});
