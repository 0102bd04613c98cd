// The checkout incident, end to end inside workerd: real remote_write ingest, the real PromQL engine, the
// monitor's Durable Object driven alarm by alarm, the PagerDuty receiver, a mute, the rollback and the resolve.
// Time is the evaluator's clock: Date is mocked (only Date; workerd's alarm scheduler keeps real time), so
// each runDurableObjectAlarm is one 15 s check at the mocked time, and no alarm fires by itself meanwhile.
import { abortAllDurableObjects, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dedupKey } from "../../core/notify/fingerprint";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { inObject } from "./lib/monitor-fixture";
import { CHECKOUT_QUERY, CheckoutTraffic, STEP } from "./lib/checkout-data";

// A private stretch of time 40 days ahead, aligned to the step, so no other test's samples fall in the windows.
const B = Math.floor((Date.now() + 40 * 86_400_000) / 60_000) * 60_000;
const E = B + 2 * 60_000; // bad deploy's errors start
const R = B + 12 * 60_000; // rollback
const traffic = new CheckoutTraffic({ eastErrorRate: (t) => (t >= E && t < R ? 0.072 : 0.003) });
const receiver = installReceiver();

let monitorId = "";
let now = B;
const stub = () => env.MONITOR.get(env.MONITOR.idFromName(monitorId)) as unknown as DurableObjectStub;

/** Advance the mocked clock one check, write that step's samples, run the monitor's alarm. */
async function tick(): Promise<void> {
  now += STEP;
  vi.setSystemTime(now);
  await traffic.write(now, now);
  expect(await runDurableObjectAlarm(stub())).toBe(true);
}
async function until(t: number): Promise<void> {
  while (now < t) await tick();
}
const triggers = () => receiver.received.filter((r) => r.body.event_action === "trigger");

beforeAll(async () => {
  vi.setSystemTime(B);
  await traffic.write(B - 10 * 60_000, B);
  const ch = await json("/api/notification-channels", {
    kind: "pagerduty",
    name: "Payments pager",
    config: { routingKey: "R0UTING", eventsUrl: `${RECEIVER}/v2/enqueue` },
  });
  expect(ch.status).toBe(201);
  const channelId = ((await ch.json()) as { id: string }).id;
  const res = await json("/api/monitors", {
    name: "Checkout error budget burn",
    slug: "checkout-error-budget-burn",
    collection: "Commerce Platform",
    team: "Payments",
    query: CHECKOUT_QUERY,
    intervalSeconds: 15,
    conditions: [{ severity: "critical", operator: ">", threshold: 0.05, sustain: "3m", resolveWindow: "0" }],
    signals: { mode: "labels", keys: ["environment", "region"] },
    annotations: {
      dashboard: "Commerce Checkout Dashboard",
      runbook: "Checkout Error Rate Playbook",
      summary: "checkout error rate {{ $value | humanizePercentage }} in {{ $labels.region }}",
    },
    channels: [channelId],
    repeatInterval: "2m",
  });
  expect(res.status).toBe(201);
  monitorId = ((await res.json()) as { id: string }).id;
  // The first check is due at creation time.
  expect(await runDurableObjectAlarm(stub())).toBe(true);
});

afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});

describe("checkout-error-budget-burn through the incident", () => {
  it("goes pending when the 1m error rate crosses 5% and fires after 3 minutes of breach, for us-east-1 only", async () => {
    await until(E + 60_000);
    await abortAllDurableObjects(); // a restart while pending loses nothing
    await until(E + 3 * 60_000);
    let alerts = ((await (await call("/api/alerts?state=active")).json()) as { alerts: any[] }).alerts.filter(
      (a) => a.monitorId === monitorId,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      state: "pending",
      signalLabels: { environment: "production", region: "us-east-1" },
    });
    expect(triggers()).toHaveLength(0);
    await until(E + 4 * 60_000);
    alerts = ((await (await call("/api/alerts?state=firing")).json()) as { alerts: any[] }).alerts.filter(
      (a) => a.monitorId === monitorId,
    );
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    expect(alert.severity).toBe("critical");
    expect(alert.firingAt - alert.startedAt).toBeGreaterThanOrEqual(180_000);
    expect(alert.firingAt - E).toBeLessThanOrEqual(4 * 60_000);
    expect(alert.lastValue).toBeGreaterThan(0.05);
    expect(alert.annotations.summary).toMatch(/^checkout error rate 7\.\d+% in us-east-1$/);
  });

  it("pages exactly once with the monitor+signal dedup_key, also across a restart of the object", async () => {
    expect(triggers()).toHaveLength(1);
    const [page] = triggers();
    const signalKey = 'environment="production",region="us-east-1"';
    expect(page.url).toBe(`${RECEIVER}/v2/enqueue`);
    expect(page.contentType).toBe("application/json");
    expect(page.body).toMatchObject({
      routing_key: "R0UTING",
      event_action: "trigger",
      dedup_key: dedupKey(monitorId, signalKey),
    });
    expect(page.body.payload.severity).toBe("critical");
    expect(page.body.links[0].href).toMatch(/\/alerts\/.+/);
    await abortAllDurableObjects();
    await tick();
    await tick();
    expect(triggers()).toHaveLength(1);
  });

  it("re-notifies on the repeat interval while firing, and a mute stops it; the alert shows as muted", async () => {
    const firstAt = (await alertNow()).firingAt as number;
    await until(firstAt + 2 * 60_000);
    expect(triggers()).toHaveLength(2);
    expect(triggers()[1].body.dedup_key).toBe(triggers()[0].body.dedup_key);
    const mute = await json("/api/muting-rules", {
      monitorId: "checkout-error-budget-burn",
      duration: "60m",
      comment: "rollback in progress",
    });
    expect(mute.status).toBe(201);
    await tick();
    expect((await alertNow()).muted).toBe(true);
    await until(R - STEP);
    expect(triggers()).toHaveLength(2);
  });

  it("resolves after the rollback and sends the resolve on the same dedup_key, logged per alert", async () => {
    await until(R + 2 * 60_000);
    const alert = await alertNow();
    expect(alert.state).toBe("resolved");
    const resolves = receiver.received.filter((r) => r.body.event_action === "resolve");
    expect(resolves).toHaveLength(1);
    expect(resolves[0].body).toEqual({
      routing_key: "R0UTING",
      event_action: "resolve",
      dedup_key: triggers()[0].body.dedup_key,
    });
    const details = (await (await call(`/api/alerts/${alert.id}`)).json()) as any;
    expect(details.history.map((h: any) => h.to)).toEqual(["pending", "firing", "resolved"]);
    expect(details.deliveries.map((d: any) => [d.kind, d.status])).toEqual([
      ["trigger", "sent"],
      ["repeat", "sent"],
      ["resolve", "sent"],
    ]);
    expect(details.thresholds[0]).toMatchObject({ operator: ">", threshold: 0.05 });
    const changes = await env.DB.prepare(
      "SELECT type FROM change_events WHERE category = 'alerts' AND json_extract(payload, '$.alertId') = ? ORDER BY happened_at",
    )
      .bind(alert.id)
      .all<{ type: string }>();
    expect(changes.results.map((r) => r.type)).toEqual(["alert_pending", "alert_firing", "alert_resolved"]);
  });

  it("keeps its state in the object's SQLite: a repeated alarm for an already committed check changes nothing", async () => {
    const before = await inObject(stub(), async (o: any): Promise<any> => o.snapshot());
    // Simulate an at-least-once redelivery: the alarm runs again before the next check is due.
    await inObject(stub(), (o: any) => o.alarm());
    const after = await inObject(stub(), async (o: any): Promise<any> => o.snapshot());
    expect(after.state).toEqual(before.state);
    expect(receiver.received).toHaveLength(3); // trigger, repeat, resolve
  });
});

async function alertNow(): Promise<any> {
  const list = ((await (await call(`/api/alerts?monitorId=${monitorId}`)).json()) as { alerts: any[] }).alerts;
  expect(list).toHaveLength(1);
  return list[0];
}
