import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { LiveClient } from "./lib/live-client";
import { check, Clock, createChannel, createMonitor, gauge, STEP } from "./lib/monitor-fixture";

// Berlin: Sunday 21 March 2027 is UTC+1; on Sunday 28 March 2027 summer time starts at 01:00 UTC (UTC+2).
const clock = new Clock(Date.parse("2027-03-21T07:30:00Z"));
const receiver = installReceiver();
let live: LiveClient;
beforeAll(async () => {
  live = await LiveClient.connect("topics=mutes");
});
afterAll(() => {
  live?.close();
  receiver.restore();
  vi.useRealTimers();
});
const uid = () => Math.random().toString(36).slice(2, 8);

async function alertOf(monitorId: string) {
  return ((await (await call(`/api/alerts?monitorId=${monitorId}&state=all`)).json()) as any).alerts[0];
}
async function rules(status: string) {
  return ((await (await call(`/api/muting-rules?status=${status}`)).json()) as any).rules as any[];
}

/** Keep a monitor's gauge firing and move to `t`: the check scheduled before the jump runs, then one at `t`. */
async function jump(metric: string, id: string, t: number) {
  await gauge(metric, {}, clock.now + STEP, 5);
  clock.set(t);
  await gauge(metric, {}, t, 5);
  await check(id);
  await check(id);
}

async function eventOf(kind: string, alertId: string) {
  for (let i = 0; i < 500; i++) {
    const hit = live.events().find((f) => f.event.kind === kind && f.event.data.alertId === alertId);
    if (hit) return hit.event.data;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

describe("mutes with a lifecycle", () => {
  it("a recurring mute holds only inside its weekly window, in local time across a daylight-saving change", async () => {
    const tag = uid();
    const m = await createMonitor({ name: `Recurring ${tag}`, query: `rec_${tag}` });
    await gauge(`rec_${tag}`, {}, clock.now, 5);
    await check(m.id);
    const res = await json("/api/muting-rules", {
      monitorId: m.id,
      startsAt: Date.parse("2027-03-20T00:00:00Z"),
      endsAt: Date.parse("2027-03-30T00:00:00Z"),
      comment: "Sunday maintenance",
      timeIntervals: [
        { weekdays: ["sunday"], times: [{ start_time: "09:00", end_time: "10:00" }], location: "Europe/Berlin" },
      ],
    });
    expect(res.status).toBe(201);
    const rule = (await res.json()) as any;
    expect(rule.timeIntervals).toEqual([
      { weekdays: ["sunday"], times: [{ start_time: "09:00", end_time: "10:00" }], location: "Europe/Berlin" },
    ]);
    expect(rule.status).toBe("scheduled"); // 08:30 Berlin: before the window

    const seen: [string, boolean, string][] = [];
    for (const iso of [
      "2027-03-21T08:30:00Z",
      "2027-03-21T09:30:00Z",
      "2027-03-28T07:30:00Z",
      "2027-03-28T08:30:00Z",
    ]) {
      await jump(`rec_${tag}`, m.id, Date.parse(iso));
      const a = await alertOf(m.id);
      expect(a.state).toBe("firing");
      const mine = [...(await rules("active")), ...(await rules("scheduled"))].find((r) => r.id === rule.id);
      seen.push([iso, a.muted, mine.status]);
    }
    // 09:30 CET, 10:30 CET, 09:30 CEST (07:30 UTC), 10:30 CEST.
    expect(seen).toEqual([
      ["2027-03-21T08:30:00Z", true, "active"],
      ["2027-03-21T09:30:00Z", false, "scheduled"],
      ["2027-03-28T07:30:00Z", true, "active"],
      ["2027-03-28T08:30:00Z", false, "scheduled"],
    ]);
  });

  it("lists creator, comment and what each active rule holds back; ?status= filters before the limit", async () => {
    const tag = uid();
    const m = await createMonitor({ name: `Held ${tag}`, query: `held_${tag}` });
    await gauge(`held_${tag}`, {}, clock.now, 5);
    await check(m.id);
    const held = (await (
      await json("/api/muting-rules", { monitorId: m.id, duration: "2h", comment: "deploying <b>v2</b>" })
    ).json()) as any;
    // Many newer expired and scheduled rules must not push the active one out of a short page.
    for (let i = 0; i < 5; i++)
      await json("/api/muting-rules", {
        matchers: [{ name: "nothing", op: "=", value: tag }],
        startsAt: clock.now + 86_400_000,
        duration: "1h",
      });
    const active = ((await (await call("/api/muting-rules?status=active&limit=1")).json()) as any).rules;
    expect(active.map((r: any) => r.id)).toEqual([held.id]);
    const alert = await alertOf(m.id);
    expect(active[0]).toMatchObject({
      comment: "deploying <b>v2</b>",
      creator: { handle: expect.any(String) },
      holding: { count: 1, alerts: [{ id: alert.id, monitorName: `Held ${tag}` }] },
    });
    const scheduled = await rules("scheduled");
    expect(scheduled.every((r) => r.status === "scheduled" && r.holding.count === 0)).toBe(true);
  });

  it("previews the monitors a rule applies to before anything fires", async () => {
    const tag = uid();
    await createMonitor({
      name: `Quiet ${tag}`,
      slug: `quiet-${tag}`,
      query: `quiet_${tag}`,
      labels: { team: tag },
      signals: { mode: "labels", keys: ["region"] },
    });
    // One signal per monitor and no team label: no alert of it can carry team=<tag>.
    await createMonitor({
      name: `Other ${tag}`,
      slug: `other-${tag}`,
      query: `other_${tag}`,
      signals: { mode: "monitor" },
    });
    const p = (await (
      await json("/api/muting-rules/preview", {
        matchers: [
          { name: "team", op: "=", value: tag },
          { name: "region", op: "=", value: "eu-west-1" },
        ],
        duration: "1h",
      })
    ).json()) as any;
    expect(p.current).toEqual([]);
    expect(p.monitors.find((x: any) => x.slug === `quiet-${tag}`)).toEqual({
      id: expect.any(String),
      slug: `quiet-${tag}`,
      name: `Quiet ${tag}`,
      signals: [{ name: "region", op: "=", value: "eu-west-1" }],
    });
    expect(p.monitors.some((x: any) => x.slug === `other-${tag}`)).toBe(false);
  });

  it("warns ten minutes before a mute on a firing alert ends, and notifies when it ends while the alert fires", async () => {
    const tag = uid();
    const slack = await createChannel({
      kind: "slack",
      name: "#oncall",
      config: { webhookUrl: `${RECEIVER}/slack/${tag}` },
    });
    const m = await createMonitor({
      name: `Expiry ${tag}`,
      query: `exp_${tag}`,
      channels: [slack],
      repeatInterval: "24h",
    });
    const got = () =>
      receiver.received.filter((r) => r.url.endsWith(`/slack/${tag}`)).map((r) => r.body.text as string);
    await gauge(`exp_${tag}`, {}, clock.now, 5);
    await check(m.id);
    expect(got()).toHaveLength(1); // the page
    const endsAt = clock.now + 10 * 60_000 + 20_000;
    const rule = (await (await json("/api/muting-rules", { monitorId: m.id, endsAt })).json()) as any;
    const alert = await alertOf(m.id);
    const step = async () => {
      clock.set(clock.now + STEP);
      await gauge(`exp_${tag}`, {}, clock.now, 5);
      await check(m.id);
    };
    await step(); // ends in 10 min 5 s: no warning yet
    expect(live.events().some((f) => f.event.kind === "alert.mute_expiring" && f.event.data.alertId === alert.id)).toBe(
      false,
    );
    await step(); // 9 min 50 s
    expect(await eventOf("alert.mute_expiring", alert.id)).toMatchObject({ endsAt, ruleIds: [rule.id] });
    await step();
    const warnings = live
      .events()
      .filter((f) => f.event.kind === "alert.mute_expiring" && f.event.data.alertId === alert.id);
    expect(warnings).toHaveLength(1); // once per end

    await json(`/api/muting-rules/${rule.id}/expire`, {});
    await step();
    expect(await eventOf("alert.mute_ended", alert.id)).toMatchObject({ monitorId: m.id });
    expect(got()).toHaveLength(2); // the page again, though the repeat interval is a day
    expect((await alertOf(m.id)).muted).toBe(false);
  });

  it("rejects a malformed recurring window with a clear error", async () => {
    const bad: [unknown, RegExp][] = [
      [[{ times: [{ start_time: "10:00", end_time: "09:00" }] }], /must start before it ends/],
      [[{ weekdays: ["funday"] }], /weekdays: funday/],
      [[{ location: "Mars/Olympus" }], /not a known time zone/],
      [[{ times: [{ start_time: "9am", end_time: "10:00" }] }], /HH:MM/],
    ];
    for (const [timeIntervals, msg] of bad) {
      const res = await json("/api/muting-rules", {
        matchers: [{ name: "a", op: "=", value: "b" }],
        duration: "1h",
        timeIntervals,
      });
      expect(res.status, JSON.stringify(timeIntervals)).toBe(400);
      expect(((await res.json()) as any).error.message).toMatch(msg);
    }
  });
});
