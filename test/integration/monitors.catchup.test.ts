// A new monitor over data that is already stored (the demo's `--at incident`): its first alarm replays the
// recent past, so a breach older than its sustain is firing at once and paged exactly once, while an
// episode that already ended pages nobody. Real remote_write ingest, real PromQL engine, real Durable Object.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it, vi } from "vitest";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { CHECKOUT_QUERY, CheckoutTraffic, STEP } from "./lib/checkout-data";
import { check, createChannel, inObject, monitorStub, privateBase } from "./lib/monitor-fixture";

const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});

/** Ingest [from, now] with east's error rate `bad(t)`, then create the checkout monitor at `now`. */
async function setup(now: number, from: number, bad: (t: number) => boolean, sustain: string, resolveWindow: string) {
  vi.setSystemTime(now);
  await new CheckoutTraffic({ eastErrorRate: (t) => (bad(t) ? 0.072 : 0.003) }).write(from, now);
  const channelId = await createChannel({
    kind: "pagerduty",
    name: `pager ${now}`,
    config: { routingKey: "R0UTING", eventsUrl: `${RECEIVER}/v2/enqueue` },
  });
  const res = await json("/api/monitors", {
    name: `Checkout burn ${now}`,
    slug: `checkout-burn-${now}`,
    query: CHECKOUT_QUERY,
    intervalSeconds: 15,
    conditions: [{ severity: "critical", operator: ">", threshold: 0.05, sustain, resolveWindow }],
    signals: { mode: "labels", keys: ["environment", "region"] },
    channels: [channelId],
    repeatInterval: "1h",
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const mine = async (id: string, q = "") =>
  ((await (await call(`/api/alerts${q}`)).json()) as { alerts: any[] }).alerts.filter((a) => a.monitorId === id);
const pages = (dedup?: string) =>
  receiver.received.filter((r) => r.body.routing_key === "R0UTING" && (!dedup || r.body.dedup_key === dedup));

describe("a new monitor catches up with stored data on its first alarm", () => {
  it("fires at once for a breach already 10 minutes old and sends exactly one trigger", async () => {
    const B = privateBase(110);
    const before = pages().length;
    const id = await setup(B, B - 20 * 60_000, (t) => t >= B - 10 * 60_000, "3m", "0");
    expect(await check(id)).toBe(true);
    const active = await mine(id, "?state=active");
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({
      state: "firing",
      signalLabels: { environment: "production", region: "us-east-1" },
    });
    expect(active[0].firingAt).toBeLessThan(B); // reconstructed: it was already firing before the monitor existed
    const sent = pages().slice(before);
    expect(sent.map((r) => r.body.event_action)).toEqual(["trigger"]);

    // Replayed history is kept and marked as catch-up; the live check's own rows are not.
    const details = (await (await call(`/api/alerts/${active[0].id}`)).json()) as any;
    expect(details.history.map((h: any) => h.to)).toEqual(["pending", "firing"]);
    const changes = await env.DB.prepare(
      "SELECT json_extract(payload, '$.catchUp') AS c FROM change_events WHERE json_extract(payload, '$.alertId') = ?",
    )
      .bind(active[0].id)
      .all<{ c: number | null }>();
    expect(changes.results.map((r) => r.c)).toEqual([1, 1]);

    // At-least-once: the same alarm again, and the next checks, send nothing more and replay nothing again.
    expect(await check(id)).toBe(true);
    vi.setSystemTime(B + STEP);
    await new CheckoutTraffic({ eastErrorRate: () => 0.072 }).write(B + STEP, B + STEP);
    expect(await check(id)).toBe(true);
    expect(pages().slice(before)).toHaveLength(1);
    const snap = await inObject(monitorStub(id), async (o: any): Promise<any> => o.snapshot());
    expect(snap.state.seq).toBe(3); // alert id + pending + firing: nothing replayed twice
  });

  it("sends nothing for an episode that ended 10 minutes ago", async () => {
    const B = privateBase(120);
    const before = pages().length;
    const id = await setup(B, B - 30 * 60_000, (t) => t >= B - 25 * 60_000 && t < B - 10 * 60_000, "3m", "0");
    expect(await check(id)).toBe(true);
    expect(await mine(id, "?state=active")).toHaveLength(0);
    expect(pages().length).toBe(before);
  });

  it("replays an episode that fired and resolved inside the window into history, but pages nobody", async () => {
    const B = privateBase(130);
    const before = pages().length;
    // sustain 1m + resolve 2m + 3 intervals = 225 s window: breaching for its first 75 s, then clear for 2 min.
    const id = await setup(B, B - 15 * 60_000, (t) => t >= B - 10 * 60_000 && t < B - 135_000, "1m", "2m");
    expect(await check(id)).toBe(true);
    expect(await mine(id, "?state=active")).toHaveLength(0);
    expect(pages().length).toBe(before);
    const snap = await inObject(monitorStub(id), async (o: any): Promise<any> => o.snapshot());
    const entries = Object.values(snap.state.entries) as any[];
    expect(entries.map((e) => e.state)).toEqual(["resolved"]);
    const history = (await (await call(`/api/alerts/${entries[0].alertId}`)).json()) as any;
    expect(history.history.map((h: any) => h.to)).toEqual(["pending", "firing", "resolved"]);
  });
});
