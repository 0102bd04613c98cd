// SLOs inside workerd: the API, the generated burn-rate monitors, the SLO object's roll-ups, and the story's
// SLO ("Checkout availability 99.5 %") whose fast burn fires during the incident and not before. Date is
// mocked (as in monitors.scenario.test.ts): each tick is one 15 s check at the mocked time.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MonitorDef } from "../../core/contracts/alerting";
import type { SloDef, SloStatus } from "../../core/contracts/slos";
import { computeRollups } from "../../platform/slo/rollups";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { CheckoutTraffic, STEP } from "./lib/checkout-data";
import { createChannel, inObject } from "./lib/monitor-fixture";

const MIN = 60_000;
// A private stretch of time 70 days ahead (other suites use +40), aligned to the minute.
const B = Math.floor((Date.now() + 70 * 86_400_000) / MIN) * MIN;
const E = B + 2 * MIN; // v3.41.0's payment errors start (T0+2m)
const R = E + 34 * MIN; // rollback (T0+36m)
const JOB = "slo-suite";
// /v2/process-payment fails 23 % of the time in us-east-1 during the incident (SCENARIO.md).
const traffic = new CheckoutTraffic({ eastErrorRate: (t) => (t >= E && t < R ? 0.23 : 0.003) }, { job: JOB });
const receiver = installReceiver();

const SLO = {
  name: "Checkout availability 99.5 %",
  description: "Share of payment requests answered without a server error.",
  sli: {
    kind: "ratio",
    bad: `checkout_http_requests_total{job="${JOB}", endpoint="/v2/process-payment", status=~"5.."}`,
    total: `checkout_http_requests_total{job="${JOB}", endpoint="/v2/process-payment"}`,
  },
  groupBy: ["region"],
  objective: 0.995,
  window: "30d",
};

let slo: SloDef;
let fast: MonitorDef;
let now = B;
const monitorStub = (id: string) => env.MONITOR.get(env.MONITOR.idFromName(id)) as unknown as DurableObjectStub;
const sloObject = (id: string) => env.SLO.get(env.SLO.idFromName(id)) as unknown as DurableObjectStub;
const triggers = () => receiver.received.filter((r) => r.body.event_action === "trigger");
const resolves = () => receiver.received.filter((r) => r.body.event_action === "resolve");

async function tick(): Promise<void> {
  now += STEP;
  vi.setSystemTime(now);
  await traffic.write(now, now);
  expect(await runDurableObjectAlarm(monitorStub(fast.id))).toBe(true);
}
async function firingFast(): Promise<{ signalLabels: Record<string, string> }[]> {
  const body = (await (await call("/api/alerts?state=firing")).json()) as { alerts: any[] };
  return body.alerts.filter((a) => a.monitorId === fast.id);
}

beforeAll(async () => {
  vi.setSystemTime(B);
  // Two healthy hours before T0: the 1 h window starts clean.
  await traffic.write(B - 2 * 60 * MIN, B);
  const channel = await createChannel({
    kind: "pagerduty",
    name: "Payments SLO pager",
    config: { routingKey: "SLO-R0UTING", eventsUrl: `${RECEIVER}/v2/enqueue` },
  });
  const res = await json("/api/slos", { ...SLO, alerting: { channels: [channel] } });
  expect(res.status).toBe(201);
  slo = (await res.json()) as SloDef;
  const m = await call(`/api/monitors/${slo.alerting.policies[0].monitorId}`);
  fast = (await m.json()) as MonitorDef;
  expect(await runDurableObjectAlarm(monitorStub(fast.id))).toBe(true);
});

afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});

describe("an SLO and the burn-rate monitors it owns", () => {
  it("generates the SRE workbook's three policies as monitors that link back", async () => {
    expect(
      slo.alerting.policies.map((p) => [p.name, p.severity, p.burnRate, p.longWindowMs / MIN, p.shortWindowMs / MIN]),
    ).toEqual([
      ["fast burn", "critical", 14.4, 60, 5],
      ["slow burn", "critical", 6, 360, 30],
      ["budget drift", "warning", 1, 3 * 24 * 60, 360],
    ]);
    const list = (await (await call("/api/monitors")).json()) as { monitors: MonitorDef[] };
    const owned = list.monitors.filter((m) => m.slo?.id === slo.id);
    expect(owned.map((m) => m.name).sort()).toEqual([
      "Checkout availability 99.5 %: budget drift",
      "Checkout availability 99.5 %: fast burn",
      "Checkout availability 99.5 %: slow burn",
    ]);
    expect(fast.annotations.slo).toBe(`/slos/${slo.id}`);
    expect(fast.conditions).toEqual([
      { severity: "critical", operator: ">", threshold: 14.4, sustainMs: 0, resolveWindowMs: 0 },
    ]);
    expect(fast.signals).toEqual({ mode: "labels", keys: ["region"] });
    // The monitor's query states the same condition on raw data, and it parses as PromQL.
    const q = await call(`/api/v1/query?query=${encodeURIComponent(fast.query)}&time=${B / 1000}`);
    expect(q.status).toBe(200);
  });

  it("refuses edits to an owned monitor, pointing at the SLO", async () => {
    const put = await call(`/api/monitors/${fast.id}`, {
      method: "PUT",
      body: JSON.stringify({
        name: "x",
        query: "up",
        conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
      }),
      headers: { "content-type": "application/json" },
    });
    expect(put.status).toBe(409);
    expect(((await put.json()) as any).error.message).toContain(`/slos/${slo.id}`);
    expect((await call(`/api/monitors/${fast.id}`, { method: "DELETE" })).status).toBe(409);
  });

  it("refuses bad definitions with the field and the reason", async () => {
    const bad = async (body: unknown) => {
      const r = await json("/api/slos", body);
      expect(r.status).toBe(400);
      return ((await r.json()) as any).error.message as string;
    };
    expect(await bad({ ...SLO, slug: "b1", sli: { ...SLO.sli, total: "sum(rate(x[5m]))" } })).toMatch(
      /total must be a counter selector/,
    );
    expect(await bad({ ...SLO, slug: "b2", sli: { ...SLO.sli, good: "x" } })).toMatch(/either good or bad/);
    expect(await bad({ ...SLO, slug: "b3", sli: { ...SLO.sli, total: "x{" } })).toMatch(/total:/);
    expect(await bad({ ...SLO, slug: "b4", objective: 99.5 })).toMatch(/objective/);
    expect(
      await bad({
        ...SLO,
        slug: "b5",
        window: "7d",
        alerting: { policies: [{ name: "p", severity: "warning", burnRate: 1, longWindow: "8d", shortWindow: "1h" }] },
      }),
    ).toMatch(/long window can't exceed the SLO window/);
    expect(await bad({ ...SLO, slug: "b6", alerting: { channels: ["ch_missing"] } })).toMatch(
      /unknown notification channel ch_missing/,
    );
  });

  it("the fast burn stays quiet through the healthy baseline and the first minutes of the incident", async () => {
    while (now < E + 15 * MIN) await tick();
    expect(await firingFast()).toHaveLength(0);
    expect(triggers()).toHaveLength(0);
  });

  it("fires for us-east-1 once the hour's errors pass 14.4x the budget, and pages once", async () => {
    while (now < R && (await firingFast()).length === 0) await tick();
    const firing = await firingFast();
    expect(firing.map((a) => a.signalLabels)).toEqual([{ region: "us-east-1" }]);
    // 23 % errors reach 14.4 x 0.5 % = 7.2 % of the hour after ~19 minutes; roll-ups lag by under two.
    expect(now - E).toBeGreaterThanOrEqual(18 * MIN);
    expect(now - E).toBeLessThanOrEqual(22 * MIN);
    expect(triggers()).toHaveLength(1);
    expect(triggers()[0].body.payload.summary).toMatch(/Checkout availability 99\.5 %/);
  });

  it("its figures match a raw recomputation: the roll-ups equal a one-shot evaluation of the same minutes", async () => {
    const res = await call(`/api/slos/${slo.id}/status?at=${now}`);
    expect(res.status).toBe(200);
    const st = (await res.json()) as SloStatus;
    const east = st.groups.find((g) => g.labels.region === "us-east-1")!;
    const hour = east.burn.find((b) => b.window === "1h")!.burnRate!;
    expect(hour).toBeGreaterThan(14.4);
    expect(st.groups[0].labels.region).toBe("us-east-1"); // worst first
    // Two and a half hours of traffic, twenty minutes of them at 23 % errors in one region: over the window
    // seen so far the budget is overspent, so it is exhausted now, and us-west-2 keeps most of its own.
    expect(st.budgetRemaining).toBeLessThan(0);
    expect(st.forecast.atLastHourMs).toBe(0);
    const west = st.groups.find((g) => g.labels.region === "us-west-2")!;
    expect(west.budgetRemaining).toBeGreaterThan(0.3);
    expect(st.burndown).toHaveLength(120); // 30 days in 6 h steps
    // The burndown starts full and ends at today's figure: every bad event of the window is in it.
    expect(st.burndown[0].budgetRemaining).toBe(1);
    expect(st.burndown.at(-1)!.budgetRemaining).toBeCloseTo(st.budgetRemaining!, 6);
    expect(st.lastError).toBeNull();
    const stored = await inObject(sloObject(slo.id), async (_o, state) =>
      state.storage.sql
        .exec<{ grp: string; t: number; good: number; total: number }>(
          "SELECT grp, t, good, total FROM buckets ORDER BY t, grp",
        )
        .toArray(),
    );
    const from = st.coverage.from!;
    const until = st.coverage.until!;
    const oneShot = await computeRollups(env, slo, from, until);
    expect(stored.length).toBe(oneShot.length);
    stored.forEach((r, i) => {
      expect(r.grp).toBe(oneShot[i].group);
      expect(r.t).toBe(oneShot[i].t);
      expect(r.good).toBeCloseTo(oneShot[i].good, 6);
      expect(r.total).toBeCloseTo(oneShot[i].total, 6);
    });
    // ...and the hour's burn rate agrees with the monitor's raw-data query within counter extrapolation.
    const raw = (await (
      await call(`/api/v1/query?query=${encodeURIComponent(fast.query.split(" <= ")[0].slice(1))}&time=${until / 1000}`)
    ).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    const rawEast = Number(raw.data.result.find((r) => r.metric.region === "us-east-1")!.value[1]);
    expect(Math.abs(rawEast - hour) / hour).toBeLessThan(0.05);
  });

  it("resolves by itself after the rollback, with one resolve", async () => {
    while (now < R + 10 * MIN && (await firingFast()).length > 0) await tick();
    expect(await firingFast()).toHaveLength(0);
    expect(now - R).toBeLessThanOrEqual(7 * MIN);
    expect(triggers()).toHaveLength(1);
    expect(resolves()).toHaveLength(1);
  });

  it("editing the SLO keeps the monitors of kept policies and removes dropped ones", async () => {
    const { id: _id, slug, version: _v, alerting, createdAt: _c, createdBy: _b, updatedAt: _u, ...rest } = slo;
    const res = await call(`/api/slos/${slo.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ...rest,
        slug,
        alerting: {
          channels: alerting.channels,
          policies: [{ name: "fast burn", severity: "critical", burnRate: 10, longWindow: "1h", shortWindow: "5m" }],
        },
      }),
    });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as SloDef;
    expect(updated.version).toBe(2);
    expect(updated.alerting.policies.map((p) => p.monitorId)).toEqual([fast.id]);
    const m = (await (await call(`/api/monitors/${fast.id}`)).json()) as MonitorDef;
    expect(m.conditions[0].threshold).toBe(10);
    expect((await call(`/api/monitors/${slo.alerting.policies[1].monitorId}`)).status).toBe(404);
    const del = await call(`/api/slos/${slo.id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await call(`/api/monitors/${fast.id}`)).status).toBe(404);
    expect((await call(`/api/slos/${slo.id}`)).status).toBe(404);
  });
});
