// Paging through restarts (issue 17 §1): the checkout monitor fires and pages; then Vigil is down for 90 s
// (no ingest, no alarms), and its monitor object starts from storage. The gap in the data is Vigil's own, so
// the alert goes to "no data" and holds its page; data coming back brings it to firing under the same alert;
// the rollback resolves it once. The receiver holds exactly one trigger and one resolve for the dedup_key.
// Real remote_write, real PromQL engine, real Durable Object; Date is mocked (see monitors.scenario.test.ts).
import { abortAllDurableObjects, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { CHECKOUT_QUERY, CheckoutTraffic, STEP } from "./lib/checkout-data";
import { createChannel, inObject, privateBase } from "./lib/monitor-fixture";

const B = privateBase(140);
const E = B + 2 * 60_000; // errors start
const DOWN = E + 3 * 60_000; // Vigil dies, mid-incident, alert firing and paged
const UP = DOWN + 90_000; // and is back 90 s later
const R = UP + 4 * 60_000; // rollback
const traffic = new CheckoutTraffic({ eastErrorRate: (t) => (t >= E && t < R ? 0.072 : 0.003) });
const receiver = installReceiver();
let monitorId = "";
let now = B;
const stub = () => env.MONITOR.get(env.MONITOR.idFromName(monitorId)) as unknown as DurableObjectStub;
// Pages, not the investigation's follow-up (an update on the open incident's dedup_key, marked `update`).
const pages = () =>
  receiver.received.filter((r) => r.body.routing_key === "R3START" && !r.body.payload?.custom_details?.update);
const alerts = async () =>
  ((await (await call(`/api/alerts?monitorId=${monitorId}`)).json()) as { alerts: any[] }).alerts;
const snapshot = () => inObject(stub(), async (o: any): Promise<any> => o.snapshot());

/** One 15 s step: ingest that step's samples (unless Vigil is down), run the alarm at the mocked time. */
async function tick(): Promise<void> {
  now += STEP;
  vi.setSystemTime(now);
  await traffic.write(now, now);
  expect(await runDurableObjectAlarm(stub())).toBe(true);
}
async function until(t: number): Promise<void> {
  while (now < t) await tick();
}

beforeAll(async () => {
  vi.setSystemTime(B);
  await traffic.write(B - 10 * 60_000, B);
  const channelId = await createChannel({
    kind: "pagerduty",
    name: "restart pager",
    config: { routingKey: "R3START", eventsUrl: `${RECEIVER}/v2/enqueue` },
  });
  const res = await json("/api/monitors", {
    name: "Checkout burn across restarts",
    query: CHECKOUT_QUERY,
    intervalSeconds: 15,
    conditions: [{ severity: "critical", operator: ">", threshold: 0.05, sustain: "1m", resolveWindow: "0" }],
    signals: { mode: "labels", keys: ["environment", "region"] },
    channels: [channelId],
    repeatInterval: "1h",
  });
  expect(res.status).toBe(201);
  monitorId = ((await res.json()) as { id: string }).id;
  expect(await runDurableObjectAlarm(stub())).toBe(true);
});
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});

describe("a firing alert across a 90 s outage of the whole server", () => {
  it("fires and pages once before the outage", async () => {
    await until(DOWN);
    const [a] = await alerts();
    expect(a.state).toBe("firing");
    expect(pages().map((p) => p.body.event_action)).toEqual(["trigger"]);
  });

  it("after the restart the alert is 'no data' since the first late check, never resolved, page held", async () => {
    // Down: nothing is ingested and no alarm runs. Up: every object starts from its stored state.
    await abortAllDurableObjects();
    now = UP;
    vi.setSystemTime(now);
    const before = (await snapshot()).nextCheckAt as number;
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    const snap = await snapshot();
    // The missed checks were skipped (not replayed against data missing because Vigil was down).
    expect(snap.lastCheck).toMatchObject({ at: UP, lateMs: UP - before, series: 0 });
    expect(snap.dataGapUntil).toBeGreaterThan(UP);
    const [a] = await alerts();
    expect(a.state).toBe("nodata");
    expect(a.noDataSince).toBe(UP);
    expect(pages().map((p) => p.body.event_action)).toEqual(["trigger"]);
    // The Alertmanager API still lists it: its page is open.
    const am = (await (await call("/api/v2/alerts")).json()) as { labels: Record<string, string> }[];
    expect(am.filter((x) => x.labels.alertname === "Checkout burn across restarts")).toHaveLength(1);
  });

  it("a retried alarm for a committed check changes nothing", async () => {
    const before = await snapshot();
    await inObject(stub(), (o: any) => o.alarm());
    const after = await snapshot();
    expect(after.state).toEqual(before.state);
    expect(pages()).toHaveLength(1);
  });

  it("data coming back above the threshold returns it to firing under the same alert, with no new page", async () => {
    const id = (await alerts())[0].id;
    await until(UP + 2 * 60_000);
    const list = await alerts();
    expect(list.map((a) => [a.id, a.state])).toEqual([[id, "firing"]]);
    expect(pages().map((p) => p.body.event_action)).toEqual(["trigger"]);
    const history = ((await (await call(`/api/alerts/${id}`)).json()) as any).history.map((h: any) => h.to);
    expect(history).toEqual(["pending", "firing", "nodata", "firing"]);
  });

  it("the rollback resolves it once: one trigger and one resolve on the dedup_key", async () => {
    await until(R + 3 * 60_000);
    const list = await alerts();
    expect(list.map((a) => a.state)).toEqual(["resolved"]);
    const sent = pages();
    expect(sent.map((p) => p.body.event_action)).toEqual(["trigger", "resolve"]);
    expect(new Set(sent.map((p) => p.body.dedup_key)).size).toBe(1);
    const details = (await (await call(`/api/alerts/${list[0].id}`)).json()) as any;
    expect(details.deliveries.map((d: any) => [d.kind, d.status])).toEqual([
      ["trigger", "sent"],
      ["resolve", "sent"],
    ]);
  });
});

describe("the monitor's object alone restarting, mid-incident, while data keeps arriving", () => {
  it("holds its state: no gap, no new page, resolves once", async () => {
    const from = now;
    const second = new CheckoutTraffic(
      { eastErrorRate: (t) => (t >= from + 60_000 && t < from + 6 * 60_000 ? 0.09 : 0.003) },
      { cluster: "b" },
    );
    const start = now;
    const step = async () => {
      now += STEP;
      vi.setSystemTime(now);
      await second.write(now, now);
      expect(await runDurableObjectAlarm(stub())).toBe(true);
    };
    await second.write(start - 5 * 60_000, start);
    while (now < start + 3 * 60_000) await step();
    expect((await alerts()).filter((a) => a.state === "firing")).toHaveLength(1);
    const triggers = () => pages().filter((p) => p.body.event_action === "trigger");
    expect(triggers()).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      await abortAllDurableObjects();
      await step();
      expect((await snapshot()).dataGapUntil ?? 0).toBeLessThan(start);
    }
    while (now < start + 10 * 60_000) await step();
    expect(pages().map((p) => p.body.event_action)).toEqual(["trigger", "resolve", "trigger", "resolve"]);
    const keys = pages().map((p) => p.body.dedup_key);
    expect(new Set(keys).size).toBe(1);
  });
});
