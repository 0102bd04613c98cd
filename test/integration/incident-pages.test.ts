// A channel paging per incident (issue 15): three related alerts (one service, so one incident by the default
// group-by) page once on it, keyed by the incident, while a per-alert channel on the same monitors pages three times.
// Real remote_write, PromQL, MonitorObjects and D1; PagerDuty and Slack are the local stand-in receiver.
import { abortAllDurableObjects } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { check, Clock, createChannel, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(190));
const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});
const uid = () => Math.random().toString(36).slice(2, 8);
const got = (path: string) => receiver.received.filter((r) => r.url === `${RECEIVER}${path}`).map((r) => r.body);

beforeAll(async () => {
  const res = await json("/api/incidents/settings", { groupBy: ["service"] }, { method: "PUT" });
  expect(res.status).toBe(200);
});

async function incidentOf(service: string) {
  const all = ((await (await call("/api/incidents?status=all&limit=500")).json()) as any).incidents as any[];
  const mine = all.filter((i) => i.groupKey?.service === service);
  expect(mine).toHaveLength(1);
  return (await (await call(`/api/incidents/${mine[0].id}`)).json()) as any;
}
const alertsOf = async (monitorId: string) =>
  ((await (await call(`/api/alerts?monitorId=${monitorId}&state=all`)).json()) as any).alerts as any[];

/** Monitors on one service, each on its own metric, paging `channels`. */
async function monitors(tag: string, n: number, channels: string[]) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const metric = `ipg_${tag}_${i}`;
    const m = await createMonitor({ name: `M${i} ${tag}`, query: metric, labels: { service: `svc-${tag}` }, channels });
    out.push({ ...m, metric });
  }
  return out;
}
async function set(m: { id: string; metric: string }, v: number) {
  await gauge(m.metric, {}, clock.now, v);
  await check(m.id);
}

/** The next check of every monitor, each with its value. */
async function stepAll(ms: { id: string; metric: string }[], values: number[]) {
  clock.set(clock.now + STEP);
  for (const [i, m] of ms.entries()) await set(m, values[i]);
}

describe("a channel paging per incident", () => {
  it("pages once per incident, notes the grouped alerts, acknowledges once and resolves with the last alert", async () => {
    const tag = uid();
    const pdInc = await createChannel({
      kind: "pagerduty",
      name: "pd per incident",
      notifyPer: "incident",
      config: { routingKey: "INC", eventsUrl: `${RECEIVER}/pd-inc/${tag}` },
    });
    const slackInc = await createChannel({
      kind: "slack",
      name: "#incidents",
      notifyPer: "incident",
      config: { webhookUrl: `${RECEIVER}/slack-inc/${tag}` },
    });
    const pdAlert = await createChannel({
      kind: "pagerduty",
      name: "pd per alert",
      config: { routingKey: "ALR", eventsUrl: `${RECEIVER}/pd-alert/${tag}` },
    });
    const ms = await monitors(tag, 3, [pdInc, slackInc, pdAlert]);
    // They breach together; each monitor's object pages on its own.
    for (const m of ms) await set(m, 5);

    const inc = await incidentOf(`svc-${tag}`);
    expect(inc.alerts).toHaveLength(3);
    const pd = () => got(`/pd-inc/${tag}`);
    const slack = () => got(`/slack-inc/${tag}`);
    const perAlert = () => got(`/pd-alert/${tag}`);
    expect(pd().map((b) => [b.event_action, b.dedup_key])).toEqual([["trigger", inc.incident.id]]);
    expect(pd()[0].payload.summary).toContain(`Incident ${inc.incident.title}`);
    expect(slack()).toHaveLength(1);
    expect(slack()[0].text).toContain(`Incident ${inc.incident.title}`);
    // The per-alert channel on the same monitors is unchanged: three pages, one per alert.
    expect(perAlert().map((b) => b.event_action)).toEqual(["trigger", "trigger", "trigger"]);
    expect(new Set(perAlert().map((b) => b.dedup_key)).size).toBe(3);
    expect(perAlert().some((b) => b.payload.custom_details.incident)).toBe(false);

    // The timeline says, per grouped alert and channel, that no new page went out.
    const grouped = inc.timeline.filter((e: any) => e.kind === "page_grouped").map((e: any) => e.data);
    expect(grouped).toHaveLength(4);
    for (const name of ["pd per incident", "#incidents"]) {
      const mine = grouped.filter((g: any) => g.channelName === name);
      expect(mine.map((g: any) => g.monitorName).sort()).toEqual([`M1 ${tag}`, `M2 ${tag}`]);
      for (const g of mine)
        expect(g.text).toBe(
          `grouped into incident ${inc.incident.id} (${inc.incident.title}), no new page on channel ${name}`,
        );
    }
    // And so does the second alert's delivery log.
    const second = (await alertsOf(ms[1].id))[0];
    const detail = (await (await call(`/api/alerts/${second.id}`)).json()) as any;
    expect(JSON.stringify(detail.deliveries)).toContain(`no new page on channel pd per incident`);

    // Acknowledging the incident acknowledges each alert; the incident's page is acknowledged once.
    const ack = await json(`/api/incidents/${inc.incident.id}/acknowledge`, { comment: "looking" });
    expect(ack.status).toBe(200);
    expect(pd().map((b) => [b.event_action, b.dedup_key])).toEqual([
      ["trigger", inc.incident.id],
      ["acknowledge", inc.incident.id],
    ]);
    expect(slack().map((b) => b.text.includes("[ACKNOWLEDGED]"))).toEqual([false, true]);
    expect(perAlert().filter((b) => b.event_action === "acknowledge")).toHaveLength(3);

    // Two alerts resolve: the per-alert channel resolves each; the incident's page stays open.
    await stepAll(ms, [0, 0, 5]);
    expect(perAlert().filter((b) => b.event_action === "resolve")).toHaveLength(2);
    expect(pd().map((b) => b.event_action)).toEqual(["trigger", "acknowledge"]);
    expect(slack()).toHaveLength(2);
    const held = (await incidentOf(`svc-${tag}`)).timeline.filter(
      (e: any) => e.kind === "page_grouped" && e.data.notification === "resolve",
    );
    expect(held.map((e: any) => e.data.text)).toContain(
      `incident ${inc.incident.id} (${inc.incident.title}) still has 1 firing alert(s) on channel pd per incident: its resolve waits for the last`,
    );
    // The last one resolves it, once.
    await stepAll(ms, [0, 0, 0]);
    expect(pd().map((b) => [b.event_action, b.dedup_key])).toEqual([
      ["trigger", inc.incident.id],
      ["acknowledge", inc.incident.id],
      ["resolve", inc.incident.id],
    ]);
    expect(slack().map((b) => b.text.includes("[RESOLVED]"))).toEqual([false, false, true]);
    expect(perAlert().filter((b) => b.event_action === "resolve")).toHaveLength(3);
    // Checks after that send nothing more.
    await stepAll(ms, [0, 0, 0]);
    expect(pd()).toHaveLength(3);
    expect(slack()).toHaveLength(3);
  });

  it("a failed page retried after a restart, and repeated alarms, page the incident once", async () => {
    const tag = uid();
    const pdInc = await createChannel({
      kind: "pagerduty",
      name: "pd per incident",
      notifyPer: "incident",
      config: { routingKey: "INC", eventsUrl: `${RECEIVER}/pd-inc/${tag}` },
    });
    const ms = await monitors(tag, 2, [pdInc]);
    const pd = () => got(`/pd-inc/${tag}`);
    receiver.script.push(503);
    await set(ms[0], 5);
    expect(pd().map((b) => b.event_action)).toEqual(["trigger"]); // answered 503: retried later
    // The alarm repeated at the same time (at-least-once) does not send again before its backoff.
    await check(ms[0].id);
    expect(pd()).toHaveLength(1);
    await abortAllDurableObjects();
    clock.set(clock.now + STEP);
    await set(ms[0], 5);
    const inc = await incidentOf(`svc-${tag}`);
    expect(pd().map((b) => [b.event_action, b.dedup_key])).toEqual([
      ["trigger", inc.incident.id],
      ["trigger", inc.incident.id],
    ]);
    // The second alert joins the incident: no page; neither after its object restarts and its alarm repeats.
    await set(ms[1], 5);
    await abortAllDurableObjects();
    await check(ms[1].id);
    clock.set(clock.now + STEP);
    await set(ms[1], 5);
    await set(ms[0], 5);
    expect(pd()).toHaveLength(2);
    const deliveries = ((await (await call(`/api/alerts/${(await alertsOf(ms[0].id))[0].id}`)).json()) as any)
      .deliveries as any[];
    expect(deliveries.map((d) => [d.status, d.httpStatus ?? d.http_status])).toEqual([
      ["retrying", 503],
      ["sent", 202],
    ]);
  });

  it("an alert that paged on its own before it joined the incident keeps its own page", async () => {
    const tag = uid();
    const pdInc = await createChannel({
      kind: "pagerduty",
      name: "pd per incident",
      notifyPer: "incident",
      config: { routingKey: "INC", eventsUrl: `${RECEIVER}/pd-inc/${tag}` },
    });
    const [a] = await monitors(tag, 1, [pdInc]);
    // No service label: the default group-by leaves it in no incident, so it pages as itself.
    const metric = `ipg_${tag}_lone`;
    const b = { ...(await createMonitor({ name: `Lone ${tag}`, query: metric, channels: [pdInc] })), metric };
    await set(a, 5);
    await set(b, 5);
    const pd = () => got(`/pd-inc/${tag}`);
    const inc = await incidentOf(`svc-${tag}`);
    const [own] = pd().filter((x) => x.dedup_key !== inc.incident.id);
    expect(pd().map((x) => x.event_action)).toEqual(["trigger", "trigger"]);
    expect(own.payload.custom_details.incident).toBeUndefined();
    const bAlert = (await alertsOf(b.id))[0];
    expect((await json(`/api/incidents/${inc.incident.id}/alerts`, { alertId: bAlert.id })).status).toBe(200);
    // Its resolve closes its own page; the incident's stays open for the alert still firing.
    await stepAll([a, b], [5, 0]);
    expect(pd().map((x) => [x.event_action, x.dedup_key])).toEqual([
      ["trigger", inc.incident.id],
      ["trigger", own.dedup_key],
      ["resolve", own.dedup_key],
    ]);
    await stepAll([a, b], [0, 0]);
    expect(pd().at(-1)).toMatchObject({ event_action: "resolve", dedup_key: inc.incident.id });
    expect(pd()).toHaveLength(4);
  });

  it("is a validated channel setting, per alert by default, listed with the channel", async () => {
    const bad = await json("/api/notification-channels", {
      kind: "slack",
      name: "x",
      notifyPer: "group",
      config: { webhookUrl: `${RECEIVER}/x` },
    });
    expect(bad.status).toBe(400);
    const err = ((await bad.json()) as any).error;
    expect(err.code).toBe("VALIDATION");
    expect(err.message).toContain("notifyPer");
    expect(err.message).toContain('must be "alert" or "incident", not "group"');
    const plain = await createChannel({
      kind: "slack",
      name: `plain ${uid()}`,
      config: { webhookUrl: `${RECEIVER}/p` },
    });
    const listed = ((await (await call("/api/notification-channels")).json()) as any).channels as any[];
    expect(listed.find((c) => c.id === plain)).toMatchObject({ notifyPer: "alert" });
    // An existing channel can be switched, with the same check.
    const patch = (id: string, body: unknown) => json(`/api/notification-channels/${id}`, body, { method: "PATCH" });
    const switched = await patch(plain, { notifyPer: "incident" });
    expect(switched.status).toBe(200);
    expect(await switched.json()).toMatchObject({ id: plain, notifyPer: "incident" });
    const wrong = await patch(plain, { notifyPer: "alerts" });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as any).error.message).toContain('must be "alert" or "incident", not "alerts"');
    expect((await patch(plain, { notifyPer: "alert", name: "y" })).status).toBe(400);
    expect((await patch("ch_nope", { notifyPer: "alert" })).status).toBe(404);
  });
});
