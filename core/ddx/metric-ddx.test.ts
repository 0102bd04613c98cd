import { describe, expect, it } from "vitest";
import { rankMetrics } from "./metric-ddx";
import { checkoutRequestSeries, MIN, selectSeries, T0 } from "../../test/fixtures/ddx/checkout";
import { rateGrid, sampleCounts } from "../../test/fixtures/ddx/synthetic";
import { NO_VALUE, type GridWindow } from "./types";

const STEP = MIN;

function checkoutWindows(windowStart = T0 + 5 * MIN, windowEnd = T0 + 20 * MIN) {
  const series = selectSeries(checkoutRequestSeries(), {
    environment: "production",
    region: "us-east-1",
    status: /^5..$/,
  });
  const sampled = sampleCounts(series, T0 - 2 * 60 * MIN, T0 + 30 * MIN, STEP, 7);
  return {
    window: rateGrid(series, sampled, windowStart, windowEnd, STEP),
    baseline: rateGrid(series, sampled, windowStart - 60 * MIN, windowStart, STEP),
  };
}

describe("metric DDx on the checkout incident", () => {
  const { window, baseline } = checkoutWindows();
  const result = rankMetrics(window, baseline, { symptomLabels: ["status"] });

  it("ranks endpoint=/v2/process-payment first and deployment.version=v3.41.0 second", () => {
    const top = result.ranked.map((r) => `${r.label}=${r.value}`);
    expect(top[0]).toBe("endpoint=/v2/process-payment");
    expect(top[1]).toBe("deployment.version=v3.41.0");
    expect(result.direction).toBe(1);
  });

  it("keeps pod low: all pods moved alike", () => {
    const pod = result.labels.find((l) => l.label === "pod")!;
    expect(pod.cardinality).toBe(3);
    expect(pod.score).toBeLessThan(result.ranked[1].score / 4);
    const podRank = result.labels.findIndex((l) => l.label === "pod");
    expect(podRank).toBeGreaterThan(result.labels.findIndex((l) => l.label === "deployment.version"));
  });

  it("keeps the query's own label (status) out of the summary but tabulates it", () => {
    const status = result.labels.find((l) => l.label === "status")!;
    expect(status.symptom).toBe(true);
    expect(status.values[0].value).toBe("503");
    expect(result.ranked.some((r) => r.label === "status")).toBe(false);
    // Without the hint the new 503 series would compete with the cause.
    expect(
      rankMetrics(window, baseline)
        .ranked.slice(0, 3)
        .some((r) => r.label === "status"),
    ).toBe(true);
  });

  it("flags the scope labels as uninformative and keeps them out of the summary", () => {
    for (const key of ["environment", "region", "service"]) {
      expect(result.labels.find((l) => l.label === key)!.uninformative).toBe(true);
      expect(result.ranked.some((r) => r.label === key)).toBe(false);
    }
  });

  it("explains each result in one line with its shares", () => {
    const first = result.ranked[0];
    expect(first.windowShare).toBeGreaterThan(0.9);
    expect(first.baselineShare).toBeLessThan(0.5);
    expect(first.explanation).toMatch(
      /^endpoint=\/v2\/process-payment: \d+% of the signal in the window vs \d+% in the baseline/,
    );
    expect(result.ranked[1].explanation).toMatch(/absent from the baseline|every series/);
    expect(first.explanation.includes("\n")).toBe(false);
  });

  it("gives small multiples with one aligned series per value", () => {
    const endpoint = result.smallMultiples.find((m) => m.label === "endpoint")!;
    expect(endpoint.window.series.map((s) => s.value)).toContain("/v2/process-payment");
    for (const s of endpoint.window.series) expect(s.values.length).toBe(endpoint.window.timestamps.length);
    for (const s of endpoint.baseline.series) expect(s.values.length).toBe(endpoint.baseline.timestamps.length);
  });

  it("stays right when the default baseline overlaps the start of the fault", () => {
    const late = checkoutWindows(T0 + 15 * MIN, T0 + 30 * MIN);
    const r = rankMetrics(late.window, late.baseline, { symptomLabels: ["status"] });
    expect(
      r.ranked
        .slice(0, 2)
        .map((x) => x.label)
        .sort(),
    ).toEqual(["deployment.version", "endpoint"]);
  });
});

describe("metric DDx edge cases", () => {
  const grid = (values: number[][], labels: Record<string, string>[]): GridWindow => ({
    timestamps: values[0].map((_, i) => i * STEP),
    series: labels.map((l, i) => ({ labels: l, values: values[i] })),
  });

  it("groups series missing a label under <no value> and can rank it", () => {
    const labels: Record<string, string>[] = [{ canary: "true", pod: "a" }, { pod: "b" }, { pod: "c" }];
    const base = grid(
      [
        [1, 1, 1, 1],
        [1, 1, 1, 1],
        [1, 1, 1, 1],
      ],
      labels,
    );
    const win = grid(
      [
        [9, 9, 9, 9],
        [1, 1, 1, 1],
        [1, 1, 1, 1],
      ],
      labels,
    );
    const r = rankMetrics(win, base);
    const canary = r.labels.find((l) => l.label === "canary")!;
    expect(canary.uninformative).toBe(false);
    expect(canary.values.map((v) => v.value).sort()).toEqual([NO_VALUE, "true"].sort());
    expect(["canary=true", "pod=a"]).toContain(`${r.ranked[0].label}=${r.ranked[0].value}`);
  });

  it("handles a drop: the value that lost its traffic wins", () => {
    const labels = [{ region: "eu" }, { region: "us" }];
    const r = rankMetrics(
      grid(
        [
          [0, 0, 0],
          [5, 5, 5],
        ],
        labels,
      ),
      grid(
        [
          [5, 5, 5],
          [5, 5, 5],
        ],
        labels,
      ),
    );
    expect(r.direction).toBe(-1);
    expect(r.ranked[0]).toMatchObject({ label: "region", value: "eu" });
  });

  it("marks a label whose values all moved by the same ratio", () => {
    const labels = ["a", "b", "c", "d"].map((pod) => ({ pod, endpoint: pod === "a" || pod === "b" ? "/x" : "/y" }));
    const base = grid(
      [
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      labels,
    );
    const win = grid(
      [
        [5, 5],
        [5, 5],
        [5, 5],
        [5, 5],
      ],
      labels,
    );
    const r = rankMetrics(win, base);
    expect(r.labels.find((l) => l.label === "pod")!.movedAlike).toBe(true);
    expect(r.ranked.length).toBe(0);
  });

  it("honours include and exclude filters", () => {
    const labels = [
      { a: "1", b: "1" },
      { a: "2", b: "2" },
    ];
    const w = grid([[3], [1]], labels);
    expect(rankMetrics(w, w, { includeLabels: ["a"] }).labels.map((l) => l.label)).toEqual(["a"]);
    expect(rankMetrics(w, w, { excludeLabels: ["a"] }).labels.map((l) => l.label)).toEqual(["b"]);
  });

  it("returns an empty ranking for empty inputs", () => {
    const r = rankMetrics({ timestamps: [], series: [] }, { timestamps: [], series: [] });
    expect(r.ranked).toEqual([]);
    expect(r.labels).toEqual([]);
  });
});

describe("metric DDx invariants", () => {
  it("keeps scores in 0..100 and each label's shares summing to 1 on random data", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            a: fc.constantFrom("x", "y", "z"),
            b: fc.constantFrom("p", "q"),
            w: fc.array(fc.nat(50), { minLength: 4, maxLength: 4 }),
            base: fc.array(fc.nat(50), { minLength: 8, maxLength: 8 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (rows) => {
          const labels = rows.map((r) => ({ a: r.a, b: r.b }));
          const win = { timestamps: [0, 1, 2, 3], series: rows.map((r, i) => ({ labels: labels[i], values: r.w })) };
          const base = {
            timestamps: [0, 1, 2, 3, 4, 5, 6, 7],
            series: rows.map((r, i) => ({ labels: labels[i], values: r.base })),
          };
          const res = rankMetrics(win, base);
          for (const l of res.labels) {
            const ws = l.values.reduce((s, v) => s + v.windowShare, 0);
            if (res.windowTotal > 0) expect(ws).toBeCloseTo(1, 6);
            for (const v of l.values) {
              expect(v.score).toBeGreaterThanOrEqual(0);
              expect(v.score).toBeLessThanOrEqual(100);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("metric DDx on an id-like label", () => {
  it("pools the smallest values past the cap and still finds a big culprit among them", () => {
    const n = 1500;
    const labels = Array.from({ length: n }, (_, i) => ({ id: `i${i}` }));
    const base: GridWindow = {
      timestamps: [0, 1, 2, 3],
      series: labels.map((l) => ({ labels: l, values: [1, 1, 1, 1] })),
    };
    const win: GridWindow = {
      timestamps: [0, 1],
      series: labels.map((l, i) => ({ labels: l, values: i === 1234 ? [900, 900] : [1, 1] })),
    };
    const r = rankMetrics(win, base);
    const id = r.labels.find((l) => l.label === "id")!;
    expect(id.cardinality).toBe(1000);
    expect(r.ranked[0]).toMatchObject({ label: "id", value: "i1234" });
  });
});
