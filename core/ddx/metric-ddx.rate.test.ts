import { describe, expect, it } from "vitest";
import { shareShiftRank } from "./baselines";
import { rankMetrics } from "./metric-ddx";
import type { GridWindow } from "./types";

type Cell = {
  labels: Record<string, string>;
  rps: (side: "w" | "b", step: number) => number;
  rate: (side: "w" | "b") => number;
};

/** Expected counts per 60 s step (no noise), errors and traffic, for a window of 30 and a baseline of 60 steps. */
function grids(cells: Cell[]) {
  const side = (s: "w" | "b", steps: number, errorsOnly: boolean): GridWindow => ({
    timestamps: Array.from({ length: steps }, (_, i) => (i + 1) * 60_000),
    series: cells.map((c) => ({
      labels: c.labels,
      values: Float64Array.from({ length: steps }, (_, i) => c.rps(s, i) * (errorsOnly ? c.rate(s) : 1)),
    })),
  });
  return rankMetrics(side("w", 30, true), side("b", 60, true), {
    traffic: { window: side("w", 30, false), baseline: side("b", 60, false) },
    stepSeconds: { window: 60, baseline: 60 },
  });
}

function fleet(f: (l: Record<string, string>) => Partial<Pick<Cell, "rps" | "rate">>): Cell[] {
  const out: Cell[] = [];
  for (const region of ["a", "b", "c"])
    for (const endpoint of ["/x", "/y", "/z"])
      for (const tier of ["gold", "free"]) {
        const labels = { region, endpoint, tier };
        out.push({ labels, rps: () => 20, rate: () => 0.005, ...f(labels) });
      }
  return out;
}

describe("rate-aware metric DDx", () => {
  it("names a traffic surge at an unchanged error rate for what it is, and finds the real fault", () => {
    const cells = fleet((l) => ({
      rps: (s) => (s === "w" && l.region === "b" ? 80 : 20),
      rate: (s) => (s === "w" && l.endpoint === "/y" ? 0.01 : 0.005),
    }));
    const r = grids(cells);
    expect(`${r.ranked[0].label}=${r.ranked[0].value}`).toBe("endpoint=/y");
    const surge = r.labels.find((l) => l.label === "region")!.values.find((v) => v.value === "b")!;
    expect(surge.kind).toBe("traffic-shift");
    expect(surge.divergence).toBeLessThan(5);
    expect(surge.reason).toMatch(/^traffic shift: .* at an unchanged error rate .*: not a cause\.$/);
    // The confounder is real: ranking the errors' share shift puts the surging region first.
    const errorsOnly = (s: "w" | "b", n: number): GridWindow => ({
      timestamps: Array.from({ length: n }, (_, i) => i),
      series: cells.map((c) => ({
        labels: c.labels,
        values: Float64Array.from({ length: n }, (_, i) => c.rps(s, i) * c.rate(s)),
      })),
    });
    expect(shareShiftRank(errorsOnly("w", 30), errorsOnly("b", 60))[0]).toMatchObject({ label: "region", value: "b" });
  });

  it("finds a fault older than the baseline by comparing with the rest of the population", () => {
    const r = grids(fleet((l) => ({ rate: () => (l.tier === "gold" ? 0.2 : 0.003) })));
    expect(r.ranked[0]).toMatchObject({
      label: "tier",
      value: "gold",
      comparison: "population",
      olderThanBaseline: true,
    });
    expect(r.ranked[0].reason).toMatch(/error rate 20% vs 0\.3% for the rest.*older than the baseline/);
    expect(Math.abs(r.rate.z)).toBeLessThan(3);
    expect(r.empty).toBeUndefined();
  });

  it("points at two labels when the errors sit where they meet", () => {
    const r = grids(
      fleet((l) => ({ rate: (s) => (s === "w" && l.region === "a" && l.endpoint === "/y" ? 0.3 : 0.004) })),
    );
    const top = r.ranked
      .slice(0, 2)
      .map((x) => `${x.label}=${x.value}`)
      .sort();
    expect(top).toEqual(["endpoint=/y", "region=a"]);
    expect(r.ranked[0].together).toEqual([`${r.ranked[1].label}=${r.ranked[1].value}`]);
    expect(r.combinations).toHaveLength(1);
    expect(r.combinations[0].rate).toBeCloseTo(0.3, 2);
  });

  it("says why the answer is empty when nothing changed and nothing stands out", () => {
    const r = grids(fleet(() => ({})));
    expect(r.ranked.every((x) => x.kind !== "cause")).toBe(true);
    expect(r.empty).toMatch(/^The error rate is unchanged \(0\.5% now, 0\.5% in the baseline\)/);
  });

  it("says so when the error rate rose alike everywhere", () => {
    const r = grids(fleet(() => ({ rate: (s) => (s === "w" ? 0.05 : 0.005) })));
    expect(r.empty).toMatch(/rose from 0\.5% to 5% .* alike across every label/);
    expect(r.ranked.every((x) => x.kind === "alike")).toBe(true);
  });

  it("scores the rate, not the volume: a value with double traffic and the same rate does not rank", () => {
    const r = grids(
      fleet((l) => ({
        rps: (s) => (l.tier === "gold" && s === "w" ? 40 : 20),
        rate: (s) => (s === "w" && l.region === "c" ? 0.05 : 0.005),
      })),
    );
    expect(r.ranked[0]).toMatchObject({ label: "region", value: "c" });
    expect(r.labels.find((l) => l.label === "tier")!.values.every((v) => v.kind !== "cause")).toBe(true);
  });
});
