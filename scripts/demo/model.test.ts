import { describe, expect, it } from "vitest";
import { badVersionLive, diurnal, errorRatio, generate } from "./model.mjs";
import { makeRng } from "./rng.mjs";
import { BAD_VERSION, GOOD_VERSION, SERVICES } from "./topology.mjs";
import { sampleRequests } from "./sampling.mjs";
import { changeEventBody } from "./changes.mjs";
import { encodeWriteRequest } from "./remote-write.mjs";
import { MetricStore, mergeSnapshots } from "./metric-store.mjs";

const T0 = Date.UTC(2026, 10, 25, 14, 12);
const MIN = 60_000;

/** Ten simulated minutes of 1 s steps starting at `from`. */
function minutes(from: number, n: number, events = [{ kind: "deploy" as const, at: T0 }], seed = 7) {
  const rand = makeRng(seed);
  const http = [];
  const edges = [];
  for (let s = 0; s < n * 60; s++) {
    const g = generate(from + s * 1000, 1, events, rand);
    http.push(...g.http);
    edges.push(...g.edges);
  }
  return { http, edges };
}
const prodEast = (o: { labels: Record<string, string> }) =>
  o.labels.environment === "production" && o.labels.region === "us-east-1";

describe("story phases", () => {
  it("v3.41.0 serves 2 minutes after the deploy and stops 1 minute after the rollback", () => {
    const events = [
      { kind: "deploy" as const, at: T0 },
      { kind: "rollback" as const, at: T0 + 36 * MIN },
    ];
    expect(badVersionLive(T0 - 1, events)).toBe(false);
    expect(badVersionLive(T0 + 2 * MIN - 1, events)).toBe(false);
    expect(badVersionLive(T0 + 2 * MIN, events)).toBe(true);
    expect(badVersionLive(T0 + 36 * MIN + 59_000, events)).toBe(true);
    expect(badVersionLive(T0 + 37 * MIN, events)).toBe(false);
    expect(badVersionLive(T0 + 10 * MIN, [])).toBe(false);
  });

  it("keeps the diurnal shape within ±12%", () => {
    for (let h = 0; h < 24; h++) {
      const d = diurnal(T0 + h * 3_600_000);
      expect(d).toBeGreaterThanOrEqual(0.88);
      expect(d).toBeLessThanOrEqual(1.12);
    }
  });
});

describe("traffic figures of SCENARIO.md", () => {
  const before = minutes(T0 - 30 * MIN, 10);
  const during = minutes(T0 + 5 * MIN, 10);
  const checkout = (o: { service: string }) => o.service === "checkout-service";
  const pg = (o: { service: string; labels: Record<string, string> }) =>
    o.service === "payment-gateway" && o.labels.environment === "production";

  it("baseline: checkout ~0.3% errors, payment-gateway ~1,240 req/min with ~8 errors/min", () => {
    expect(errorRatio(before.http, checkout).ratio).toBeGreaterThan(0.001);
    expect(errorRatio(before.http, checkout).ratio).toBeLessThan(0.006);
    const g = errorRatio(before.http, pg);
    expect(g.total / 10).toBeGreaterThan(1050);
    expect(g.total / 10).toBeLessThan(1450);
    expect(g.errors / 10).toBeGreaterThan(3);
    expect(g.errors / 10).toBeLessThan(15);
  });

  it("incident: production/us-east-1 checkout ~7.2%, /v2/process-payment ~23%, us-west-2 healthy", () => {
    const east = errorRatio(during.http, (o) => checkout(o) && prodEast(o)).ratio;
    expect(east).toBeGreaterThan(0.06);
    expect(east).toBeLessThan(0.085);
    const pp = errorRatio(
      during.http,
      (o) => checkout(o) && prodEast(o) && o.labels.endpoint === "/v2/process-payment",
    ).ratio;
    expect(pp).toBeGreaterThan(0.2);
    expect(pp).toBeLessThan(0.26);
    expect(errorRatio(during.http, (o) => checkout(o) && o.labels.region === "us-west-2").ratio).toBeLessThan(0.01);
    expect(errorRatio(during.http, (o) => checkout(o) && o.labels.environment === "staging").ratio).toBeLessThan(0.02);
  });

  it("incident: 503 dominates, some 504, and only v3.41.0 fails", () => {
    let c503 = 0;
    let c504 = 0;
    for (const o of during.http.filter((o) => checkout(o) && prodEast(o))) {
      expect(o.labels["deployment.version"]).toBe(BAD_VERSION);
      c503 += o.counts["503"] ?? 0;
      c504 += o.counts["504"] ?? 0;
    }
    expect(c503).toBeGreaterThan(3 * c504);
    expect(c504).toBeGreaterThan(0);
    for (const o of during.http.filter((o) => checkout(o) && !prodEast(o)))
      expect(o.labels["deployment.version"]).toBe(GOOD_VERSION);
  });

  it("incident: payment-gateway ~312 errors/min with p99 ~4.2 s; order-service errors rise", () => {
    const g = errorRatio(during.http, pg);
    // Close to the story's figure at T0's hour (the simulator puts T0 where the diurnal swing crosses 1), so a page
    // reading it over a minute or two of Poisson noise stays within 15 %.
    const atT0 = g.errors / 10 / diurnal(T0 + 10 * MIN);
    expect(Math.abs(atT0 - 312) / 312, `${atT0} errors/min`).toBeLessThan(0.06);
    const lat = during.http
      .filter(pg)
      .flatMap((o) => o.latencies)
      .sort((a, b) => a - b);
    const p99 = lat[Math.floor(lat.length * 0.99)];
    expect(p99).toBeGreaterThan(4);
    expect(p99).toBeLessThan(4.5);
    expect(errorRatio(during.http, (o) => o.service === "order-service" && prodEast(o)).ratio).toBeGreaterThan(0.04);
    const bad = during.edges.filter((e) => e.peer === "payment-provider.internal");
    expect(bad.every((e) => e.region === "us-east-1" && e.environment === "production" && e.ok === 0)).toBe(true);
    expect(before.edges.some((e) => e.peer === "payment-provider.internal")).toBe(false);
  });

  it("incident: payment-gateway's errors/min are the story's whatever the step length (emitters tick at 1 s)", () => {
    // Each failed charge is counted in full: capping it by one step's draw of gateway requests lost a tenth of
    // them at 1 s steps and over half at 0.1 s, so the figures depended on how often the emitter ticked.
    const nine = Date.UTC(2026, 10, 25, 9); // the simulator puts T0 where the diurnal swing crosses 1
    for (const stepSec of [0.25, 1, 10]) {
      const rand = makeRng(11);
      let total = 0;
      let errors = 0;
      for (let s = 0; s < (5 * 60) / stepSec; s++) {
        const g = errorRatio(
          generate(nine + 5 * MIN + s * stepSec * 1000, stepSec, [{ kind: "deploy", at: nine }], rand).http,
          pg,
        );
        total += g.total;
        errors += g.errors;
      }
      expect(Math.abs(total / 5 - 1240) / 1240, `requests/min at ${stepSec} s steps`).toBeLessThan(0.06);
      expect(Math.abs(errors / 5 - 312) / 312, `errors/min at ${stepSec} s steps: ${errors / 5}`).toBeLessThan(0.15);
    }
  });

  it("names pods checkout-service-7f8b9c-<5 chars>, three per region, and the same before and after", () => {
    const pods = (x: typeof before) =>
      new Set(x.http.filter(checkout).map((o) => `${o.labels.environment}/${o.labels.region}/${o.labels.pod}`));
    const a = pods(before);
    expect(a.size).toBe(12);
    for (const p of a) expect(p.split("/")[2]).toMatch(/^checkout-service-7f8b9c-[a-z0-9]{5}$/);
    expect([...pods(during)].sort()).toEqual([...a].sort());
    const all = SERVICES.flatMap((s) => Object.values(s.pods).flat());
    expect(new Set(all).size).toBe(all.length);
  });

  it("takes the time of day from the clock it is given, so a story run at 12x keeps its figures all day", () => {
    // At 12x a long demo reaches its story's night within an hour and a half: 18 story hours after 09:00 the swing
    // is at its lowest (0.88). The simulator gives the day a 1x clock, so the incident still reads ~312 errors/min.
    const nine = Date.UTC(2026, 10, 25, 9);
    const story = nine + 18 * 60 * MIN;
    const read = (dayT: number | undefined) => {
      const rand = makeRng(5);
      let total = 0;
      let errors = 0;
      for (let s = 0; s < 5 * 60; s++) {
        const t = story + 5 * MIN + s * 1000;
        const g = errorRatio(generate(t, 1, [{ kind: "deploy", at: story }], rand, 1, dayT).http, pg);
        total += g.total;
        errors += g.errors;
      }
      return { req: total / 5, err: errors / 5 };
    };
    const storyDay = read(undefined);
    expect(storyDay.req / 1240).toBeLessThan(0.92);
    const wallDay = read(nine + 7 * MIN);
    expect(Math.abs(wallDay.req - 1240) / 1240).toBeLessThan(0.06);
    expect(Math.abs(wallDay.err - 312) / 312).toBeLessThan(0.15);
  });

  it("scales with --rate", () => {
    const rand = makeRng(3);
    const one = errorRatio(generate(T0, 60, [], rand, 1).http, checkout).total;
    const ten = errorRatio(generate(T0, 60, [], rand, 10).http, checkout).total;
    expect(ten / one).toBeGreaterThan(9);
    expect(ten / one).toBeLessThan(11);
  });
});

describe("sampling, change events, remote_write", () => {
  it("keeps error traces more often and marks the bad route", () => {
    const rand = makeRng(5);
    const g = generate(T0 + 5 * MIN, 60, [{ kind: "deploy", at: T0 }], rand);
    const s = sampleRequests(g.http, T0, 60, 3, rand);
    expect(s.length).toBeGreaterThan(100);
    const bad = s.filter((r) => r.routedBad);
    expect(bad.length).toBeGreaterThan(20);
    for (const r of bad) {
      expect(r.version).toBe(BAD_VERSION);
      expect(r.endpoint).toBe("/v2/process-payment");
      expect(r.seconds).toBeGreaterThan(8);
    }
  });

  it("writes the scenario's change events", () => {
    const d = changeEventBody("deploy", T0);
    expect(d).toMatchObject({
      title: "Deploy: checkout-service v3.41.0",
      source: "ArgoCD",
      category: "deploys",
      labels: { author: "deploy-bot", region: "us-east-1" },
    });
    const r = changeEventBody("rollback", T0);
    expect(r.title).toBe("Rollback: checkout-service v3.40.2");
    expect(r.labels.reason).toBe("v3.41.0 DNS misconfiguration causing 503s");
  });

  it("keeps cumulative counters and histograms and merges steps into one series each", () => {
    const st = new MetricStore();
    const snaps = [];
    for (let i = 0; i < 3; i++) {
      st.add("checkout_http_requests_total", { status: "503" }, 2);
      st.observe("checkout_http_request_duration_seconds", { pod: "p" }, [0.05, 4.2]);
      snaps.push(st.snapshot(1000 * i));
    }
    const merged = mergeSnapshots(snaps);
    const counter = merged.find((s) => s.labels.__name__ === "checkout_http_requests_total");
    expect(counter?.samples.map((s) => s.value)).toEqual([2, 4, 6]);
    const inf = merged.find((s) => s.labels.le === "+Inf");
    expect(inf?.samples.map((s) => s.value)).toEqual([2, 4, 6]);
    const le4 = merged.find((s) => s.labels.le === "4");
    expect(le4?.samples.map((s) => s.value)).toEqual([1, 2, 3]);
    expect(encodeWriteRequest(merged).length).toBeGreaterThan(100);
  });

  it("gives a counter born between snapshots a 0 at the earlier one, so rate() counts its first increments", () => {
    const st = new MetricStore();
    st.add("x_total", { status: "200" }, 5);
    const a = st.snapshot(1000);
    st.add("x_total", { status: "200" }, 5);
    st.add("x_total", { status: "503" }, 1);
    const b = st.snapshot(2000);
    const merged = mergeSnapshots([a, b]);
    const born = merged.find((s) => s.labels.status === "503");
    expect(born?.samples).toEqual([
      { value: 0, timestamp: 1000 },
      { value: 1, timestamp: 2000 },
    ]);
    expect(merged.find((s) => s.labels.status === "200")?.samples.map((s) => s.value)).toEqual([5, 10]);
  });
});

describe("semantic-convention metrics of the demo", () => {
  it("splits each observation's latencies by status, matching its counts", () => {
    const { http } = minutes(T0 + 5 * MIN, 1);
    for (const o of http) {
      expect(Object.keys(o.byStatus ?? {}).sort()).toEqual(Object.keys(o.counts).sort());
      for (const [status, n] of Object.entries(o.counts)) expect(o.byStatus?.[status]?.length).toBe(n);
    }
  });
  it("keeps payment-gateway at ~1,240 req/min during the incident, the failing attempts among them", () => {
    const during = minutes(T0 + 5 * MIN, 5);
    const g = errorRatio(during.http, (o) => o.service === "payment-gateway" && o.labels.environment === "production");
    // diurnal() at 14:12 UTC is ~1.12
    expect(g.total / 5 / diurnal(T0 + 7 * MIN)).toBeGreaterThan(1150);
    expect(g.total / 5 / diurnal(T0 + 7 * MIN)).toBeLessThan(1330);
  });
});
