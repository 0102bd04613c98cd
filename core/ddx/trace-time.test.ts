// Trace DDx's two comparisons (issue 14): what changed against the baseline window, what differs from the rest now.
import { describe, expect, it } from "vitest";
import { Reservoir, seededRng } from "../traces/reservoir";
import { rankTraces } from "./trace-ddx";
import { isSymptomKey } from "./trace-symptoms";
import { rateOf, timeDivergence } from "./trace-time";
import type { SpanRecord, SpanSample } from "./trace-types";

/** `n` spans with these attributes, `errors` of them failing (spread evenly). */
function group(
  attributes: Record<string, string>,
  n: number,
  errors: number,
  extra?: (error: boolean) => Record<string, string>,
): SpanRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const error = i < errors;
    return { attributes: { ...attributes, ...(extra?.(error) ?? {}) }, error, durationMs: 10 };
  });
}

/** The window and baseline read as DDx reads them: error and ok spans apart, each a bounded uniform sample. */
function sides(spans: SpanRecord[], k: number, seed: number): { target: SpanSample; other: SpanSample } {
  const e = new Reservoir<SpanRecord>(k, seededRng(seed));
  const o = new Reservoir<SpanRecord>(k, seededRng(seed + 1));
  for (const s of spans) (s.error ? e : o).offer(s);
  return { target: { spans: e.items, totalMatched: e.seen }, other: { spans: o.items, totalMatched: o.seen } };
}

function rank(window: SpanRecord[], baseline: SpanRecord[], k = 2000) {
  const w = sides(window, k, 1);
  return rankTraces({ comparison: "errors", target: w.target, other: w.other, beforeSides: sides(baseline, k, 5) });
}

const symptoms = (error: boolean): Record<string, string> =>
  error ? { "error.message": "HTTP 503", "http.response.status_code": "503" } : { "http.response.status_code": "200" };
const id = (r: { key: string; value: string }) => `${r.key}=${r.value}`;

describe("a new version absent before, on half the successful spans now", () => {
  // Baseline: v1 everywhere, 0.3% errors. Window: v2 on half the traffic fails 8% of the time (its errors carry the
  // error message and the 503 that only failing spans have); v1 keeps 0.3%.
  const baseline = [
    ...group({ version: "v1", region: "a" }, 20_000, 60, symptoms),
    ...group({ version: "v1", region: "b" }, 20_000, 60, symptoms),
  ];
  const window = [
    ...group({ version: "v2", region: "a" }, 10_000, 800, symptoms),
    ...group({ version: "v1", region: "a" }, 10_000, 30, symptoms),
    ...group({ version: "v1", region: "b" }, 20_000, 60, symptoms),
  ];
  const r = rank(window, baseline);

  it("ranks the version first, by the comparison in time, with the rates in its reason", () => {
    const v = r.ranked[0];
    expect(id(v)).toBe("version=v2");
    expect(v.rankedBy).toBe("time");
    expect(v.kind).toBe("cause");
    expect(v.time!.beforeFrom).toBe("scope");
    expect(v.time!.divergence).toBeGreaterThan(v.population.divergence);
    expect(v.divergence).toBe(v.time!.divergence);
    expect(v.score).toBe(v.divergence);
    expect(v.reason).toMatch(
      /^90% of error spans, absent before the window; error rate [78](\.\d)?% vs 0\.3% before \(the scope's\)/,
    );
  });

  it("keeps the symptom keys, marked, below it", () => {
    const msg = r.ranked.find((x) => id(x) === "error.message=HTTP 503")!;
    const code = r.ranked.find((x) => id(x) === "http.response.status_code=503")!;
    for (const s of [msg, code]) {
      expect(s.symptom).toBe(true);
      expect(s.kind).toBe("symptom");
      expect(s.reason).toMatch(/describes the error itself/);
      // They sit on every error span: a higher figure than the version's, ranked after it all the same.
      expect(s.divergence).toBeGreaterThan(r.ranked[0].divergence);
      expect(r.ranked.indexOf(s)).toBeGreaterThan(0);
    }
    expect(r.empty).toBeUndefined();
  });

  it("calls the region the version runs in contained, not a second cause", () => {
    const a = r.ranked.find((x) => id(x) === "region=a")!;
    expect(a.kind).toBe("contained");
    expect(a.within).toBe("version=v2");
  });
});

describe("a traffic surge in one region at an unchanged error rate", () => {
  // Region c's traffic grows 5x at the others' 0.3% error rate, while a new peer fails on 10% of every region's calls.
  const region = (name: string, n: number) => [
    ...group({ region: name, peer: "p1" }, n, Math.round(n * 0.003)),
    ...group({ region: name, peer: "bad" }, n / 10, n / 10 / 2),
  ];
  const baseline = [
    ...group({ region: "a", peer: "p1" }, 20_000, 60),
    ...group({ region: "b", peer: "p1" }, 20_000, 60),
    ...group({ region: "c", peer: "p1" }, 4_000, 12),
  ];
  const window = [...region("a", 18_000), ...region("b", 18_000), ...region("c", 20_000)];
  const r = rank(window, baseline);

  it("ranks the failing peer and not the region, though the region's share of the errors grew", () => {
    const errorsNow = window.filter((s) => s.error);
    const shareNow = errorsNow.filter((s) => s.attributes.region === "c").length / errorsNow.length;
    // What a naive "share of errors now vs share of spans before" would call a 26-point change:
    expect(shareNow - 4_000 / 44_000).toBeGreaterThan(0.25);
    expect(r.ranked.filter((x) => x.kind === "cause").map(id)).toEqual(["peer=bad"]);
    expect(r.ranked[0].rankedBy).toBe("time");
    const c = r.ranked.find((x) => id(x) === "region=c");
    expect(c === undefined || (c.kind === "noise" && c.time!.divergence === 0)).toBe(true);
  });

  it("holds every region to its rate before times the rise of the others: they all moved alike", () => {
    const a = r.ranked.find((x) => id(x) === "region=a");
    expect(a === undefined || a.time!.divergence === 0).toBe(true);
    for (const x of r.ranked.filter((y) => y.key === "region")) expect(x.time!.moved).toBeGreaterThan(2);
    expect(r.ranked.some((x) => x.key === "region")).toBe(true);
  });
});

describe("every pod failing alike after a quiet baseline", () => {
  it("does not call one pod a cause: the new peer is", () => {
    // 48 spans before, no errors; now both pods fail 72% of their requests: each failing server span (no peer) has
    // a failing client span to a new peer under it.
    const before = [...group({ pod: "p1", route: "/charge" }, 24, 0), ...group({ pod: "p2", route: "/charge" }, 24, 0)];
    const now = [
      ...group({ pod: "p1", peer: "bad" }, 185, 185),
      ...group({ pod: "p1", route: "/charge" }, 315, 185),
      ...group({ pod: "p2", peer: "bad" }, 175, 175),
      ...group({ pod: "p2", route: "/charge" }, 325, 175),
    ];
    const r = rank(now, before);
    expect(r.ranked.filter((x) => x.kind === "cause").map(id)).toEqual(["peer=bad"]);
    const p1 = r.ranked.find((x) => id(x) === "pod=p1")!;
    expect(p1.time!.moved).toBeGreaterThan(1);
  });
});

describe("a traffic surge alone", () => {
  it("finds no cause and says why", () => {
    const before = [...group({ region: "a" }, 20_000, 100), ...group({ region: "c" }, 4_000, 20)];
    const now = [...group({ region: "a" }, 20_000, 100), ...group({ region: "c" }, 20_000, 100)];
    const r = rank(now, before);
    expect(r.ranked.filter((x) => x.kind === "cause")).toEqual([]);
    expect(r.empty).toMatch(/no value marks the error spans: their rate did not change/);
  });
});

describe("a fault older than the baseline", () => {
  // Endpoint /pay fails 20% of the time in both windows: nothing changed, but it differs from the rest now.
  const make = (n: number) => [
    ...group({ route: "/pay", pod: "x" }, n, n / 5),
    ...group({ route: "/cart", pod: "x" }, 5 * n, 15),
    ...group({ route: "/home", pod: "x" }, 5 * n, 15),
  ];
  const r = rank(make(2000), make(2000));

  it("still ranks first, through the population comparison", () => {
    const pay = r.ranked[0];
    expect(id(pay)).toBe("route=/pay");
    expect(pay.rankedBy).toBe("population");
    expect(pay.time!.divergence).toBe(0);
    expect(pay.population.divergence).toBeGreaterThan(50);
    expect(pay.before!.present).toBe(true);
    expect(pay.reason).toMatch(/error rate 2\d(\.\d)?% vs (19|2\d)(\.\d)?% before: not a change/);
  });
});

describe("an answer with nothing but symptoms", () => {
  it("says why it is empty", () => {
    const spans = group({ svc: "s" }, 1000, 50, symptoms);
    const r = rank(spans, spans);
    expect(r.ranked.filter((x) => x.kind === "cause")).toEqual([]);
    expect(r.empty).toMatch(/only the failure itself marks the error spans/);
  });
});

describe("time comparison helpers", () => {
  it("weights a thinned side back and narrows to the plain count when nothing was thinned", () => {
    const full = rateOf(10, { sampled: 100, total: 100 }, 90, { sampled: 1000, total: 1000 }, 1.96);
    expect(full.rate).toBeCloseTo(0.1);
    expect(full.spans).toBe(100);
    const thinned = rateOf(10, { sampled: 100, total: 100 }, 90, { sampled: 1000, total: 10_000 }, 1.96);
    expect(thinned.rate).toBeCloseTo(10 / 910);
    expect(thinned.high - thinned.low).toBeGreaterThan(0);
  });

  it("scores nothing when the rate before reaches the rate now", () => {
    const now = { rate: 0.1, low: 0.08, high: 0.12, spans: 1000 };
    expect(timeDivergence(0.9, now, { rate: 0.09, low: 0.07, high: 0.11, spans: 1000 })).toBe(0);
    expect(timeDivergence(0.9, now, { rate: 0.003, low: 0.002, high: 0.004, spans: 1000 })).toBeCloseTo(85.5, 0);
  });

  it("names the keys that describe the failure itself", () => {
    for (const k of [
      "error.message",
      "exception.type",
      "http.response.status_code",
      "rpc.grpc.status_code",
      "otel.status_description",
    ])
      expect(isSymptomKey(k)).toBe(true);
    for (const k of ["deployment.version", "net.peer.name", "http.route", "error_budget"])
      expect(isSymptomKey(k)).toBe(false);
  });
});
