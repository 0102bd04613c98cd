import { afterAll, describe, expect, it, vi } from "vitest";
import { fingerprint } from "../../core/notify/fingerprint";
import { call, tokenWith } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import {
  check,
  Clock,
  inObject,
  createChannel,
  createMonitor,
  gauge,
  monitorStub,
  privateBase,
  STEP,
} from "./lib/monitor-fixture";

const clock = new Clock(privateBase(70));
const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});
const uid = () => Math.random().toString(36).slice(2, 8);

async function deliveries(alertId: string) {
  return ((await (await call(`/api/alerts/${alertId}/history`)).json()) as any).deliveries as any[];
}
async function firstAlert(monitorId: string) {
  return ((await (await call(`/api/alerts?monitorId=${monitorId}`)).json()) as any).alerts[0];
}

describe("notification channels", () => {
  it("refuses to delete a channel a monitor uses, naming it, and deletes it once unused", async () => {
    const tag = uid();
    const ch = await createChannel({ kind: "slack", name: `in use ${tag}`, config: { webhookUrl: `${RECEIVER}/s` } });
    const m = await createMonitor({ name: `uses channel ${tag}`, query: `x_${tag}`, channels: [ch] });
    const refused = await call(`/api/notification-channels/${ch}`, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as any).error.message).toBe(
      `channel is in use by monitors uses channel ${tag}: remove it from them first`,
    );
    // Still there, and the monitor can still be saved with it.
    expect(((await (await call("/api/notification-channels")).json()) as any).channels.map((c: any) => c.id)).toContain(
      ch,
    );
    expect((await call(`/api/monitors/${m.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await call(`/api/notification-channels/${ch}`, { method: "DELETE" })).status).toBe(200);
    expect((await call(`/api/notification-channels/${ch}`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("notification delivery", () => {
  it("retries a 429 and a 503 with backoff, then delivers once", async () => {
    const tag = uid();
    const ch = await createChannel({
      kind: "pagerduty",
      name: "pd",
      config: { routingKey: "K", eventsUrl: `${RECEIVER}/pd/${tag}` },
    });
    await gauge(`n_${tag}`, {}, clock.now, 5);
    const m = await createMonitor({ name: `Retry ${tag}`, query: `n_${tag}`, channels: [ch] });
    receiver.script.push(429, 503);
    await check(m.id);
    const mine = () => receiver.received.filter((r) => r.url.endsWith(tag));
    expect(mine()).toHaveLength(1);
    const alarmAt = await inObject(monitorStub(m.id), async (_o, s) => s.storage.getAlarm());
    expect(alarmAt).toBe(clock.now + 5_000); // the retry comes before the next check
    clock.set(clock.now + 5_000);
    await check(m.id);
    expect(mine()).toHaveLength(2);
    clock.set(clock.now + 10_000);
    await check(m.id);
    expect(mine()).toHaveLength(3);
    clock.set(clock.now + STEP);
    await gauge(`n_${tag}`, {}, clock.now, 5);
    await check(m.id);
    expect(mine()).toHaveLength(3);
    const log = await deliveries((await firstAlert(m.id)).id);
    expect(log.map((d) => [d.status, d.http_status, d.attempt])).toEqual([
      ["retrying", 429, 1],
      ["retrying", 503, 2],
      ["sent", 202, 3],
    ]);
  });

  it("does not retry a 400: the request itself is wrong", async () => {
    const tag = uid();
    const ch = await createChannel({
      kind: "pagerduty",
      name: "pd",
      config: { routingKey: "BAD", eventsUrl: `${RECEIVER}/pd/${tag}` },
    });
    await gauge(`n_${tag}`, {}, clock.now, 5);
    const m = await createMonitor({ name: `Bad ${tag}`, query: `n_${tag}`, channels: [ch] });
    receiver.script.push(400);
    await check(m.id);
    for (let i = 0; i < 3; i++) {
      clock.set(clock.now + STEP);
      await gauge(`n_${tag}`, {}, clock.now, 5);
      await check(m.id);
    }
    expect(receiver.received.filter((r) => r.url.endsWith(tag))).toHaveLength(1);
    const log = await deliveries((await firstAlert(m.id)).id);
    expect(log.map((d) => [d.status, d.http_status])).toEqual([["failed", 400]]);
  });

  it("sends Slack and Alertmanager webhook formats, and re-triggers PagerDuty when severity rises", async () => {
    const tag = uid();
    const slack = await createChannel({
      kind: "slack",
      name: "#payments",
      config: { webhookUrl: `${RECEIVER}/slack/${tag}` },
    });
    const am = await createChannel({
      kind: "alertmanager",
      name: "am-receiver",
      config: { url: `${RECEIVER}/am/${tag}` },
    });
    const pd = await createChannel({
      kind: "pagerduty",
      name: "pd",
      config: { routingKey: "K", eventsUrl: `${RECEIVER}/pd/${tag}` },
    });
    await gauge(`sev_${tag}`, { region: "us-east-1" }, clock.now, 0.07);
    const m = await createMonitor({
      name: `Severity ${tag}`,
      query: `sev_${tag}`,
      channels: [slack, am, pd],
      labels: { team: "payments" },
      conditions: [
        { severity: "warning", operator: ">", threshold: 0.05 },
        { severity: "critical", operator: ">", threshold: 0.1 },
      ],
    });
    await check(m.id);
    clock.set(clock.now + STEP);
    await gauge(`sev_${tag}`, { region: "us-east-1" }, clock.now, 0.2);
    await check(m.id);
    const pdGot = receiver.received.filter((r) => r.url.endsWith(`/pd/${tag}`));
    expect(pdGot.map((r) => [r.body.event_action, r.body.payload.severity])).toEqual([
      ["trigger", "warning"],
      ["trigger", "critical"],
    ]);
    expect(pdGot[0].body.dedup_key).toBe(pdGot[1].body.dedup_key);
    const slackGot = receiver.received.filter((r) => r.url.endsWith(`/slack/${tag}`));
    expect(slackGot[1].body.text).toContain("[CRITICAL]");
    const amGot = receiver.received.filter((r) => r.url.endsWith(`/am/${tag}`));
    expect(amGot[0].body).toMatchObject({ version: "4", status: "firing", receiver: "am-receiver" });
    const alert = amGot[1].body.alerts[0];
    expect(alert.labels).toMatchObject({
      region: "us-east-1",
      team: "payments",
      severity: "critical",
      monitor: m.slug,
    });
    expect(alert.fingerprint).toBe(fingerprint(alert.labels));
    expect(alert.endsAt).toBe("0001-01-01T00:00:00Z");
    clock.set(clock.now + STEP);
    await gauge(`sev_${tag}`, { region: "us-east-1" }, clock.now, 0.01);
    await check(m.id);
    const resolved = receiver.received.filter((r) => r.url.endsWith(`/am/${tag}`)).at(-1)!.body;
    expect(resolved.status).toBe("resolved");
    expect(resolved.alerts[0].endsAt).toBe(new Date(clock.now).toISOString());
    expect(receiver.received.filter((r) => r.url.endsWith(`/pd/${tag}`)).at(-1)!.body.event_action).toBe("resolve");
    // Channel secrets are not readable back.
    const listed = ((await (await call("/api/notification-channels")).json()) as any).channels.find(
      (c: any) => c.id === pd,
    );
    expect(listed.config.routingKey).toBe("…K");
    // Nor the webhook URLs, which carry their token in the path: not for a reader, not for an admin.
    const reader = await tokenWith(["read"]);
    for (const token of [reader, undefined]) {
      const all = ((await (await call("/api/notification-channels", { token })).json()) as any).channels;
      const byId = (id: string) => all.find((c: any) => c.id === id).config;
      expect(byId(slack)).toEqual({ webhookUrl: `…${`${RECEIVER}/slack/${tag}`.slice(-4)}` });
      expect(byId(am)).toEqual({ url: `…${`${RECEIVER}/am/${tag}`.slice(-4)}` });
      expect(byId(pd).routingKey).toBe("…K");
      expect(JSON.stringify(all)).not.toContain(`/am/${tag}`);
    }
  });
});
