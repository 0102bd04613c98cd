import { describe, expect, it } from "vitest";
import { rankMetrics } from "./metric-ddx";
import { checkoutRequestSeries, MIN, selectSeries, T0 } from "../../test/fixtures/ddx/checkout";
import { rateGrid, sampleCounts } from "../../test/fixtures/ddx/synthetic";
import { NO_VALUE, type GridWindow } from "./types";

const STEP = MIN;

/** Errors (5xx) and traffic (every status) of the checkout scope, on both sides. */
function checkoutRates(windowStart: number, windowEnd: number, step = STEP) {
  const all = selectSeries(checkoutRequestSeries(), { environment: "production", region: "us-east-1" });
  const sampled = sampleCounts(all, T0 - 3 * 60 * MIN, T0 + 70 * MIN, step, 7);
  const len = Math.max(60 * MIN, windowEnd - windowStart);
  const traffic = {
    window: rateGrid(all, sampled, windowStart, windowEnd, step),
    baseline: rateGrid(all, sampled, windowStart - len, windowStart, step),
  };
  const errorsOf = (g: GridWindow): GridWindow => ({
    timestamps: g.timestamps,
    series: g.series.filter((s) => /^5..$/.test(s.labels.status)),
  });
  const seconds = step / 1000;
  return rankMetrics(errorsOf(traffic.window), errorsOf(traffic.baseline), {
    traffic,
    stepSeconds: { window: seconds, baseline: seconds },
    symptomLabels: ["status"],
  });
}

describe("metric DDx on the checkout incident, as error rates", () => {
  // The UI's default: the last hour, twenty minutes after the deploy, against the hour before.
  const r = checkoutRates(T0 - 40 * MIN, T0 + 20 * MIN, 15_000);
  const keys = r.ranked.map((x) => `${x.label}=${x.value}`);

  it("ranks endpoint=/v2/process-payment first, deployment.version=v3.41.0 second, pod low", () => {
    expect(r.mode).toBe("rate");
    expect(keys.slice(0, 2)).toEqual(["endpoint=/v2/process-payment", "deployment.version=v3.41.0"]);
    const pods = r.ranked.filter((x) => x.label === "pod");
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      expect(p.divergence).toBeLessThan(r.ranked[1].divergence / 4);
      expect(p.kind).toBe("alike");
      expect(p.reason).toMatch(/^moved like every other pod/);
    }
    expect(r.labels.find((l) => l.label === "pod")!.movedAlike).toBe(true);
  });

  it("says which comparison found each row and why, in one line", () => {
    const [endpoint, version] = r.ranked;
    expect(endpoint.comparison).toBe("both");
    expect(endpoint.reason).toMatch(
      /^9\d% of errors on \d\d% of traffic; error rate \d+(\.\d)?% vs 0\.\d+% for the rest/,
    );
    expect(version.comparison).toBe("baseline");
    expect(version.newInWindow).toBe(true);
    expect(version.reason).toMatch(/new since the baseline; it carried all the traffic at the time/);
    expect(endpoint.together).toEqual(["deployment.version=v3.41.0"]);
    expect(r.combinations[0].pairs.map((p) => p.label).sort()).toEqual(["deployment.version", "endpoint"]);
    for (const x of r.ranked) expect(x.reason.includes("\n")).toBe(false);
  });

  it("keeps the coarser method=POST in the list, contained in the endpoint, with that reason", () => {
    const post = r.ranked.find((x) => x.label === "method" && x.value === "POST")!;
    expect(post.kind).toBe("contained");
    expect(post.within).toBe("endpoint=/v2/process-payment");
    expect(post.divergence).toBeLessThan(5);
  });

  it("never lets two rows claim 100 %", () => {
    expect(r.ranked.filter((x) => x.divergence >= 99.5).length).toBeLessThanOrEqual(1);
    expect(r.ranked[0].divergence).toBeGreaterThan(r.ranked[1].divergence + 10);
  });

  it("keeps the query's own label (status) out of the summary but tabulates it", () => {
    const status = r.labels.find((l) => l.label === "status")!;
    expect(status.symptom).toBe(true);
    expect(r.ranked.some((x) => x.label === "status")).toBe(false);
  });

  it("flags the scope labels as uninformative and keeps them out of the summary", () => {
    for (const key of ["environment", "region", "service"]) {
      expect(r.labels.find((l) => l.label === key)!.uninformative).toBe(true);
      expect(r.ranked.some((x) => x.label === key)).toBe(false);
    }
  });

  it("gives small multiples of each value's error rate, aligned", () => {
    const endpoint = r.smallMultiples.find((m) => m.label === "endpoint")!;
    expect(endpoint.unit).toBe("rate");
    expect(endpoint.window.series.map((s) => s.value)).toContain("/v2/process-payment");
    for (const s of endpoint.window.series) expect(s.values.length).toBe(endpoint.window.timestamps.length);
    const pp = endpoint.window.series.find((s) => s.value === "/v2/process-payment")!.values;
    expect(pp[pp.length - 1]).toBeGreaterThan(0.15);
    expect(pp[0]).toBeLessThan(0.02);
  });

  it("keeps the order on other windows: the alert's, and one that starts after the deploy", () => {
    for (const [from, to] of [
      [T0 + MIN, T0 + 20 * MIN],
      [T0 + 5 * MIN, T0 + 65 * MIN],
      [T0 - 50 * MIN, T0 + 10 * MIN],
    ]) {
      const x = checkoutRates(from, to).ranked.map((y) => `${y.label}=${y.value}`);
      expect(x.slice(0, 2)).toEqual(["endpoint=/v2/process-payment", "deployment.version=v3.41.0"]);
    }
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
    // Kept in the list, ranked low, with the reason; and the empty answer says why nothing stands out.
    expect(r.ranked.every((x) => x.kind === "alike" && x.divergence < 5)).toBe(true);
    expect([...new Set(r.ranked.map((x) => x.label))].sort()).toEqual(["endpoint", "pod"]);
    expect(r.empty).toMatch(/alike across every label/);
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
              expect(v.divergence).toBeGreaterThanOrEqual(0);
              expect(v.divergence).toBeLessThanOrEqual(100);
              expect(v.reason.length).toBeGreaterThan(0);
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
