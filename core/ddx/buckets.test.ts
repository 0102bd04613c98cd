import { describe, expect, it } from "vitest";
import { seededRng } from "../random";
import { bucketize } from "./buckets";
import { type CubeInput, errorTotals, labelCubes, MAX_VALUES_ANALYSED, POOLED } from "./cube";
import type { GridWindow } from "./types";

/** Series with gaps (NaN), infinities and short value arrays, on `steps` steps. */
function grid(
  series: number,
  steps: number,
  seed: number,
  label = (i: number): Record<string, string> => ({ a: `a${i % 3}`, b: `b${i % 5}` }),
) {
  const rnd = seededRng(seed);
  const g: GridWindow = { timestamps: Array.from({ length: steps }, (_, s) => s * 15_000), series: [] };
  for (let i = 0; i < series; i++) {
    const len = i % 7 === 0 ? Math.floor(steps / 2) : steps;
    const values = Array.from({ length: len }, () => {
      const r = rnd();
      return r < 0.1 ? Number.NaN : r < 0.12 ? Number.POSITIVE_INFINITY : rnd() * 10;
    });
    g.series.push({ labels: label(i), values: i % 11 === 0 ? values.map(() => Number.NaN) : values });
  }
  return g;
}

/** The series-major grid the straightforward way: every finite step added into its bucket's cell. */
function naive(g: GridWindow, maxBuckets: number, scale: number) {
  const steps = g.timestamps.length;
  const nb = Math.min(steps, maxBuckets);
  const sums = new Float64Array(g.series.length * nb);
  const present = new Float64Array(g.series.length * nb);
  g.series.forEach((s, i) => {
    for (let k = 0; k < Math.min(steps, s.values.length); k++) {
      const v = s.values[k];
      if (!Number.isFinite(v)) continue;
      const b = Math.min(nb - 1, Math.floor((k * nb) / steps));
      sums[i * nb + b] += v * scale;
      present[i * nb + b] += scale;
    }
  });
  return { nb, sums, present };
}

describe("bucketize", () => {
  it("gives each series' buckets and the row, column and grand totals a series-major grid would", () => {
    for (const [steps, maxBuckets, scale] of [
      [60, 40, 1],
      [241, 40, 0.1],
      [7, 40, 15],
    ]) {
      const g = grid(50, steps, steps);
      const b = bucketize(g, maxBuckets, scale);
      const ref = naive(g, maxBuckets, scale);
      expect(b.nb).toBe(ref.nb);
      const sums = new Float64Array(b.nb);
      const present = new Float64Array(b.nb);
      let total = 0;
      for (let i = 0; i < g.series.length; i++) {
        b.row(i, sums, present);
        const cells = ref.sums.subarray(i * b.nb, (i + 1) * b.nb);
        expect(Array.from(sums)).toEqual(Array.from(cells));
        expect(Array.from(present)).toEqual(Array.from(ref.present.subarray(i * b.nb, (i + 1) * b.nb)));
        expect(b.rowSums[i]).toBe(cells.reduce((x, y) => x + y, 0));
        expect(b.live[i]).toBe(present.some((x) => x > 0) ? 1 : 0);
        for (const x of cells) total += x;
      }
      expect(b.total).toBe(total);
      for (let j = 0; j < b.nb; j++) {
        let col = 0;
        for (let i = 0; i < g.series.length; i++) col += ref.sums[i * b.nb + j];
        expect(b.colSums[j]).toBe(col);
      }
      expect(b.steps.reduce((x, y) => x + y, 0)).toBe(steps);
      expect(b.timestamps.at(-1)).toBe(g.timestamps.at(-1));
    }
    expect(bucketize(grid(3, 60, 1), 40).live[0]).toBe(0);
  });

  it("keeps presence only when some series missed a step, and then right for the complete rows before it", () => {
    const rnd = seededRng(3);
    const g: GridWindow = { timestamps: Array.from({ length: 90 }, (_, s) => s * 15_000), series: [] };
    const rows = Array.from({ length: 6 }, () => Array.from({ length: 90 }, () => rnd() * 10));
    rows.forEach((values, i) => {
      g.series.push({ labels: { a: `a${i}` }, values });
    });
    const whole = bucketize(g, 40, 15);
    expect(whole.presence).toBeNull();
    expect(Array.from(whole.complete)).toEqual([1, 1, 1, 1, 1, 1]);
    rows[4][17] = Number.NaN;
    const holed = bucketize(g, 40, 15);
    const ref = naive(g, 40, 15);
    expect(Array.from(holed.complete)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(Array.from(holed.presence ?? [])).toEqual(Array.from(ref.present));
    expect(Array.from(holed.cells)).toEqual(Array.from(ref.sums));
  });
});

describe("labelCubes", () => {
  const input = (label?: (i: number) => Record<string, string>): CubeInput => ({
    errors: { window: bucketize(grid(40, 60, 1, label), 40), baseline: bucketize(grid(40, 240, 2, label), 40) },
  });

  it("adds each series' buckets into its value's row, whatever the number of passes", () => {
    const inp = input();
    const totals = errorTotals(inp);
    const one = [...labelCubes(["a", "b"], inp, totals)];
    const many = [...labelCubes(["a", "b"], inp, totals, 1)];
    expect(many).toEqual(one);
    const ref = naive(grid(40, 60, 1), 40, 1);
    const a = one[0];
    expect(a.values).toEqual(["a0", "a1", "a2"]);
    for (let j = 0; j < a.w.nb; j++) {
      let e = 0;
      for (let i = 1; i < 40; i += 3) e += ref.sums[i * ref.nb + j];
      expect(a.w.e[1 * a.w.nb + j]).toBe(e);
    }
    // 14, 13 and 13 series, less the empty ones (0 and 33; 22; 11).
    expect(Array.from(a.windowSeries)).toEqual([12, 12, 12]);
  });

  it("sums each value's presence as adding series by series would, whole-number scale or not", () => {
    // Mostly complete series (the counted path), a quarter with one gap (added bucket by bucket).
    const g: GridWindow = { timestamps: Array.from({ length: 60 }, (_, s) => s * 15_000), series: [] };
    for (let i = 0; i < 30; i++)
      g.series.push({
        labels: { a: `a${i % 3}` },
        values: Array.from({ length: 60 }, (_, s) => (i % 4 === 0 && s === i ? Number.NaN : s + i)),
      });
    for (const scale of [1, 15, 0.1]) {
      const b = bucketize(g, 40, scale);
      const inp: CubeInput = { errors: { window: b, baseline: b } };
      const [cube] = [...labelCubes(["a"], inp, errorTotals(inp))];
      const ref = naive(g, 40, scale);
      for (let v = 0; v < 3; v++)
        for (let j = 0; j < b.nb; j++) {
          let n = 0;
          for (let i = v; i < 30; i += 3) n += ref.present[i * b.nb + j];
          expect(cube.w.n[v * b.nb + j]).toBe(n);
        }
    }
    expect(bucketize(g, 40, 0.1).wholePresence).toBe(false);
    expect(bucketize(g, 40, 15).wholePresence).toBe(true);
  });

  it("pools the smallest values beyond MAX_VALUES_ANALYSED into one row", () => {
    const inp = input((i) => ({ id: `s${i}` }));
    // 40 series cannot exceed the cap: check the pooled row on a grid that does.
    expect([...labelCubes(["id"], inp, errorTotals(inp))][0].values).toHaveLength(40);
    const n = MAX_VALUES_ANALYSED + 20;
    const g: GridWindow = { timestamps: [0, 15_000], series: [] };
    for (let i = 0; i < n; i++) g.series.push({ labels: { id: `s${i}` }, values: [i + 1, i + 1] });
    const big: CubeInput = { errors: { window: bucketize(g, 40), baseline: bucketize(g, 40) } };
    const [cube] = [...labelCubes(["id"], big, errorTotals(big))];
    expect(cube.values).toHaveLength(MAX_VALUES_ANALYSED);
    expect(cube.values.at(-1)).toBe(POOLED);
    expect(cube.values[0]).toBe(`s${n - 1}`);
    // The 21 smallest series (values 1..21) make the pooled row: per bucket 1 + 2 + ... + 21.
    const pooled = MAX_VALUES_ANALYSED - 1;
    expect(cube.w.e[pooled * cube.w.nb]).toBe((21 * 22) / 2);
    expect(cube.windowSeries[pooled]).toBe(21);
  });
});
