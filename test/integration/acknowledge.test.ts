import { afterAll, describe, expect, it, vi } from "vitest";
import { call, json, tokenWith } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import {
  check,
  Clock,
  createChannel,
  createMonitor,
  gauge,
  inObject,
  monitorStub,
  privateBase,
  STEP,
} from "./lib/monitor-fixture";

const clock = new Clock(privateBase(117));
const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});
const uid = () => Math.random().toString(36).slice(2, 8);

async function alertOf(monitorId: string) {
  return ((await (await call(`/api/alerts?monitorId=${monitorId}&state=all`)).json()) as any).alerts[0];
}
const ack = (id: string, body: unknown = {}, token?: string) =>
  json(`/api/alerts/${id}/acknowledge`, body, token ? { token } : {});

/** A PagerDuty and a Slack channel on the local receiver, and a monitor paging them every minute while firing. */
async function paging(tag: string, extra: Record<string, unknown> = {}) {
  const pd = await createChannel({
    kind: "pagerduty",
    name: "pd",
    config: { routingKey: "K", eventsUrl: `${RECEIVER}/pd/${tag}` },
  });
  const slack = await createChannel({
    kind: "slack",
    name: "#oncall",
    config: { webhookUrl: `${RECEIVER}/slack/${tag}` },
  });
  const m = await createMonitor({
    name: `Ack ${tag}`,
    query: `ack_${tag}`,
    channels: [pd, slack],
    repeatInterval: "1m",
    ...extra,
  });
  const pdGot = () => receiver.received.filter((r) => r.url.endsWith(`/pd/${tag}`)).map((r) => r.body);
  const slackGot = () =>
    receiver.received.filter((r) => r.url.endsWith(`/slack/${tag}`)).map((r) => r.body.text as string);
  return { m, pdGot, slackGot };
}

async function step(metric: string, labels: Record<string, string>, v: number, id: string) {
  clock.set(clock.now + STEP);
  await gauge(metric, labels, clock.now, v);
  await check(id);
}

describe("acknowledge", () => {
  it("stops repeats, sends one PagerDuty acknowledge on the page's dedup_key, shows who and when, and clears on resolve", async () => {
    const tag = uid();
    const { m, pdGot, slackGot } = await paging(tag);
    await gauge(`ack_${tag}`, {}, clock.now, 5);
    await check(m.id);
    const alert = await alertOf(m.id);
    expect(alert.state).toBe("firing");
    expect(alert.ack).toBeNull();
    const res = await ack(alert.id, { comment: "on it, rolling back" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.changed).toBe(true);
    expect(body.alert.ack).toMatchObject({ comment: "on it, rolling back", at: clock.now });
    expect(body.alert.ack.by.id).toBeTruthy();
    // A second acknowledge keeps the first one and tells nobody again.
    const again = (await (await ack(alert.id, { comment: "me too" })).json()) as any;
    expect(again).toMatchObject({ changed: false, alert: { ack: { comment: "on it, rolling back" } } });
    for (let i = 0; i < 10; i++) await step(`ack_${tag}`, {}, 5, m.id); // 2.5 min past a 1 min repeat interval
    const pd = pdGot();
    expect(pd.map((b) => b.event_action)).toEqual(["trigger", "acknowledge"]);
    expect(pd[1].dedup_key).toBe(pd[0].dedup_key);
    expect(slackGot()).toHaveLength(2);
    expect(slackGot()[1]).toContain("[ACKNOWLEDGED]");
    expect(slackGot()[1]).toContain("on it, rolling back");
    // Shown on the alert, in the list and in the Alertmanager API as a synthetic silence.
    const detail = (await (await call(`/api/alerts/${alert.id}`)).json()) as any;
    expect(detail.alert.ack.comment).toBe("on it, rolling back");
    const am = ((await (await call("/api/v2/alerts")).json()) as any[]).find((a) => a.labels.monitor === m.slug);
    expect(am.status).toMatchObject({ state: "suppressed", silencedBy: [`ack-${alert.id}`] });
    const silence = (await (await call(`/api/v2/silence/ack-${alert.id}`)).json()) as any;
    expect(silence).toMatchObject({
      id: `ack-${alert.id}`,
      status: { state: "active" },
      comment: "Acknowledged: on it, rolling back",
    });
    expect(silence.matchers).toContainEqual({ name: "monitor", value: m.slug, isRegex: false, isEqual: true });
    // It lives in the monitor's own storage, so a restarted object still has it.
    const stored = await inObject(
      monitorStub(m.id),
      async (_o, s) => s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'acks'").one().value,
    );
    expect(Object.values(JSON.parse(stored)).map((a: any) => a.alertId)).toEqual([alert.id]);
    // Resolve: the page resolves and the acknowledgement is gone.
    await step(`ack_${tag}`, {}, 0, m.id);
    expect(pdGot().map((b) => b.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
    const resolved = await alertOf(m.id);
    expect(resolved).toMatchObject({ state: "resolved", ack: null });
    expect((await ack(alert.id)).status).toBe(409);
    expect((await call(`/api/v2/silence/ack-${alert.id}`)).status).toBe(404);
  });

  it("clears on a severity escalation, which pages again", async () => {
    const tag = uid();
    const { m, pdGot } = await paging(tag, {
      conditions: [
        { severity: "warning", operator: ">", threshold: 1 },
        { severity: "critical", operator: ">", threshold: 10 },
      ],
    });
    await gauge(`ack_${tag}`, {}, clock.now, 5);
    await check(m.id);
    const warn = await alertOf(m.id);
    expect((await ack(warn.id)).status).toBe(200);
    await step(`ack_${tag}`, {}, 50, m.id);
    expect(pdGot().map((b) => [b.event_action, b.payload?.severity])).toEqual([
      ["trigger", "warning"],
      ["acknowledge", undefined],
      ["trigger", "critical"],
    ]);
    const alerts = ((await (await call(`/api/alerts?monitorId=${m.id}&state=all`)).json()) as any).alerts;
    expect(alerts.map((a: any) => a.ack)).toEqual([null, null]);
  });

  it("un-acknowledge tells Slack and resumes repeats", async () => {
    const tag = uid();
    const { m, pdGot, slackGot } = await paging(tag);
    await gauge(`ack_${tag}`, {}, clock.now, 5);
    await check(m.id);
    const alert = await alertOf(m.id);
    await ack(alert.id);
    const un = await call(`/api/alerts/${alert.id}/acknowledge`, { method: "DELETE" });
    expect(un.status).toBe(200);
    expect(((await un.json()) as any).alert.ack).toBeNull();
    expect(slackGot().at(-1)).toContain("[UNACKNOWLEDGED]");
    for (let i = 0; i < 4; i++) await step(`ack_${tag}`, {}, 5, m.id);
    expect(pdGot().map((b) => b.event_action)).toEqual(["trigger", "acknowledge", "trigger"]);
  });

  it("checks input, existence and who may", async () => {
    const tag = uid();
    const { m } = await paging(tag);
    await gauge(`ack_${tag}`, {}, clock.now, 5);
    await check(m.id);
    const alert = await alertOf(m.id);
    expect((await ack("nope")).status).toBe(404);
    expect((await ack(alert.id, { comment: "x".repeat(2001) })).status).toBe(400);
    expect((await ack(alert.id, { other: 1 })).status).toBe(400);
    expect((await ack(alert.id, {}, await tokenWith(["read"]))).status).toBe(403);
    expect((await call(`/api/alerts/${alert.id}/acknowledge`, { method: "POST", token: null })).status).toBe(401);
    const responder = await tokenWith(["respond"], "bob");
    const ok = (await (await ack(alert.id, { comment: "bob here" }, responder)).json()) as any;
    expect(ok.alert.ack.by.handle).toBeTruthy();
  });
});
