import { describe, expect, it } from "vitest";
import { createEngine } from "../promql/engine";
import { MemorySource } from "../promql/memory-source";
import { parsePromQL } from "../promql/parse";
import { counterGrid, fastPathOf, gaugeGrid } from "./raw-grid";

const S = 15_000;

describe("raw grids", () => {
  it("spreads a counter's increase linearly over the steps and handles resets", () => {
    // 30 s scrapes, +6 per scrape (0.2/s), a reset at t=150 s.
    const ts = [0, 30, 60, 90, 120, 150, 180].map((s) => s * 1000);
    const vs = [0, 6, 12, 18, 24, 6, 12];
    const grid = counterGrid(
      [{ labels: { __name__: "x_total", a: "1" }, timestamps: ts, values: vs }],
      [15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165, 180].map((s) => s * 1000),
      S,
    );
    expect(Array.from(grid.series[0].values).map((v) => Number(v.toFixed(6)))).toEqual(Array(12).fill(0.2));
    expect(grid.series[0].labels).toEqual({ a: "1" });
  });

  it("leaves steps without data empty and does not bridge long gaps", () => {
    const grid = Array.from({ length: 35 }, (_, i) => (i + 1) * 30_000);
    const g = counterGrid(
      [{ labels: {}, timestamps: [0, 30_000, 1_020_000, 1_050_000], values: [0, 3, 10, 13] }],
      grid,
      30_000,
    );
    expect(g.series[0].values[0]).toBeCloseTo(0.1);
    expect(Number.isNaN(g.series[0].values[19])).toBe(true);
    expect(g.series[0].values[34]).toBeCloseTo(0.1);
  });

  it("agrees with the engine's rate() on a steady counter", async () => {
    const src = new MemorySource();
    const ts = Array.from({ length: 41 }, (_, i) => i * S);
    src.add(
      { __name__: "x_total", p: "a" },
      ts,
      ts.map((t) => t / 100),
    );
    const engine = await createEngine(src).rangeQueryNumeric("rate(x_total[1m])", 5 * 60_000, 9 * 60_000, S);
    const grid = counterGrid(
      [{ labels: { __name__: "x_total", p: "a" }, timestamps: ts, values: ts.map((t) => t / 100) }],
      engine[0].timestamps,
      S,
    );
    engine[0].values.forEach((v, i) => expect(grid.series[0].values[i]).toBeCloseTo(v, 6));
  });

  it("takes a gauge's last value within the lookback", () => {
    const g = gaugeGrid([{ labels: {}, timestamps: [0, 60_000], values: [5, 7] }], [30_000, 60_000, 500_000]);
    expect(Array.from(g.series[0].values).slice(0, 2)).toEqual([5, 7]);
    expect(Number.isNaN(g.series[0].values[2])).toBe(true);
  });

  it("recognises the shapes it can take", () => {
    expect(fastPathOf(parsePromQL('rate(x_total{a="b"}[1m])'))?.kind).toBe("counter");
    expect(fastPathOf(parsePromQL("increase(x_total[5m])"))?.kind).toBe("counter");
    expect(fastPathOf(parsePromQL("queue_depth"))?.kind).toBe("gauge");
    expect(fastPathOf(parsePromQL("rate(x_total[1m] offset 5m)"))).toBeNull();
    expect(fastPathOf(parsePromQL("rate(x_total[1m]) / rate(y_total[1m])"))).toBeNull();
  });
});
