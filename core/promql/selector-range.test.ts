import { describe, expect, it } from "vitest";
import { createEngine } from "./engine";
import { MemorySource } from "./memory-source";
import { staleNaNArray } from "./stale";

// Range queries of a bare selector take a per-series walk; every step must equal a fresh instant query.
describe("bare selector range queries", () => {
  for (const leftOpen of [false, true]) {
    it(`equal instant queries at every step (leftOpen=${leftOpen})`, async () => {
      const src = new MemorySource();
      const ts = [0, 60_000, 120_000, 300_000, 420_000, 900_000, 960_000];
      const vs = Float64Array.from([1, 2, NaN, 4, 5, 6, 7]);
      vs.set(staleNaNArray(), 4);
      src.add({ __name__: "g", k: "a" }, ts, vs);
      src.add({ __name__: "g", k: "b" }, [30_000, 400_000], [3, 9]);
      const engine = createEngine(src, { leftOpenRanges: leftOpen });
      for (const q of ["g", "(g)", "g offset 2m", "g @ 300"]) {
        const range = await engine.rangeQueryNumeric(q, 0, 1_300_000, 30_000);
        expect(range.length, q).toBe(2);
        for (let t = 0; t <= 1_300_000; t += 30_000) {
          const inst = await engine.instantQueryNumeric(q, t);
          for (const s of range) {
            const i = s.timestamps.indexOf(t);
            const want = inst.find((x) => x.labels.k === s.labels.k)?.values[0];
            expect(i < 0 ? undefined : s.values[i], `${q} @ ${t}`).toEqual(want);
          }
        }
      }
    });
  }
});
