// Flapping never hides a page (issue 17 §2): a service breaches and clears five times in an hour (three
// short blips, then two real outages). With the defaults every breach pages, as Prometheus with Alertmanager
// does; with flap handling turned on, the flapping signal pages once marked flapping, then quiet, and each real
// breach that holds for the sustain window still pages. Real ingest, engine and Durable Object; Date mocked.
import { afterAll, describe, expect, it, vi } from "vitest";
import { call } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { check, Clock, createChannel, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";

const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});

/** One value per 15 s check: 1 is healthy, 9 breaches a threshold of 5. */
const blip = [9, 1, 1, 1, 1, 1, 1, 1];
const outage = [...Array.from({ length: 4 }, () => 9), ...Array.from({ length: 8 }, () => 1)];
const hour = [...blip, ...blip, ...blip, ...outage, ...outage]; // 48 checks: 12 minutes, five breaches

async function play(flapping: Record<string, unknown> | undefined, days: number) {
  const clock = new Clock(privateBase(days));
  const metric = `flap_${days}_${Math.random().toString(36).slice(2, 6)}`;
  const key = `FLAP${days}`;
  const channelId = await createChannel({
    kind: "pagerduty",
    name: `flap ${days}`,
    config: { routingKey: key, eventsUrl: `${RECEIVER}/v2/enqueue` },
  });
  await gauge(metric, { service: "checkout" }, clock.now, hour[0]);
  const m = await createMonitor({
    name: `Flapping ${metric}`,
    query: metric,
    conditions: [{ severity: "critical", operator: ">", threshold: 5, sustain: 0 }],
    signals: { mode: "monitor" },
    channels: [channelId],
    repeatInterval: "1h",
    ...(flapping ? { flapping } : {}),
  });
  for (let i = 0; i < hour.length; i++) {
    if (i > 0) {
      clock.set(clock.now + STEP);
      await gauge(metric, { service: "checkout" }, clock.now, hour[i]);
    }
    expect(await check(m.id)).toBe(true);
  }
  const sent = receiver.received.filter((r) => r.body.routing_key === key);
  return {
    m,
    sent,
    kinds: sent.map((r) => `${r.body.event_action}${r.body.payload?.custom_details?.flapping ? "*" : ""}`),
  };
}

describe("flapping", () => {
  it("off by default: all five breaches page and resolve, as Prometheus with Alertmanager does", async () => {
    const { kinds, m } = await play(undefined, 150);
    expect(kinds).toEqual(Array.from({ length: 5 }, () => ["trigger", "resolve"]).flat());
    const def = (await (await call(`/api/monitors/${m.id}`)).json()) as any;
    expect(def.flapping).toEqual({ enabled: false, changes: 6, windowMs: 3_600_000 });
  });

  it("on: one page marked flapping, quiet, then each real outage pages normally once it holds", async () => {
    const { kinds, sent } = await play({ enabled: true, changes: 4, window: "1h" }, 151);
    expect(kinds).toEqual([
      "trigger",
      "resolve",
      "trigger",
      "resolve", // four changes: the signal now flaps
      "trigger*", // blip 3: one page marked flapping; its clear is quiet
      "trigger", // outage 1 held firing for a check: a normal page on the open incident
      "resolve",
      "trigger*", // outage 2 starts while still flapping
      "trigger", // and holds: pages normally
      "resolve",
    ]);
    expect(sent.find((r) => r.body.payload?.custom_details?.flapping)?.body.payload.summary).toMatch(/^\[flapping\] /);
    expect(new Set(sent.map((r) => r.body.dedup_key)).size).toBe(1);
  });
});
