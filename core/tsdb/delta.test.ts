import { describe, expect, it } from "vitest";
import { isStaleNaN, staleNaNArray } from "../promql/stale";
import { BITS_HI, BITS_LO } from "./chunk";
import { deltaToCumulative } from "./delta";

const bitsOf = (v: number) => {
  const f = new Float64Array([v]);
  const u = new Uint32Array(f.buffer);
  return { hi: u[BITS_HI], lo: u[BITS_LO] };
};

describe("delta to cumulative", () => {
  it("a new series starts at its first increment and adds each one", () => {
    const r = deltaToCumulative(null, [1000, 2000, 3000], new Float64Array([3, 4, 0.5]));
    expect(r.timestamps).toEqual([1000, 2000, 3000]);
    expect([...r.values]).toEqual([3, 7, 7.5]);
    expect(r.outOfOrder).toBe(0);
  });

  it("continues from the series' last stored value; a point not newer is refused, never counted twice", () => {
    const r = deltaToCumulative(
      { t: 2000, ...bitsOf(10) },
      [1500, 2000, 2500, 2500, 3000],
      new Float64Array([1, 1, 2, 2, 5]),
    );
    expect(r.timestamps).toEqual([2500, 3000]);
    expect([...r.values]).toEqual([12, 17]);
    expect(r.outOfOrder).toBe(3);
  });

  it("a stale marker passes through and the total restarts after it", () => {
    const stale = staleNaNArray()[0];
    const values = new Float64Array(3);
    values[0] = 2;
    values.set(staleNaNArray(), 1);
    values[2] = 4;
    const r = deltaToCumulative({ t: 0, ...bitsOf(5) }, [1000, 2000, 3000], values);
    expect(r.values[0]).toBe(7);
    expect(isStaleNaN(r.values[1])).toBe(true);
    expect(r.values[2]).toBe(4);
    expect(Number.isNaN(stale)).toBe(true);
    // After a stored stale marker the next increment starts a new total.
    const after = deltaToCumulative({ t: 3000, hi: 0x7ff00000, lo: 2 }, [4000], new Float64Array([6]));
    expect([...after.values]).toEqual([6]);
  });
});
