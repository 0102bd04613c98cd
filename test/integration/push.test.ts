import { abortAllDurableObjects } from "cloudflare:test";
import { afterAll, describe, expect, it, vi } from "vitest";
import { call, json, tokenWith } from "./helpers";
import { check, Clock, createChannel, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";
import { installPushService, newDevice, type TestDevice } from "./lib/push-service";
import { teamWith } from "./people-helpers";

const clock = new Clock(privateBase(160));
const devices: TestDevice[] = [];
const service = installPushService(() => devices);
afterAll(() => {
  service.restore();
  vi.useRealTimers();
});
const uid = () => Math.random().toString(36).slice(2, 8);

/** A person with a token, subscribed on `n` browsers the way the web app subscribes (POST /api/me/push-devices). */
async function person(name: string, n = 1) {
  const userId = `${name}-${uid()}`;
  const token = await tokenWith(["read"], userId);
  const mine: TestDevice[] = [];
  for (let i = 0; i < n; i++) {
    const d = await newDevice(userId);
    const sub = { endpoint: d.endpoint, expirationTime: null, keys: d.keys, deviceName: `${name} phone ${i}` };
    const res = await json("/api/me/push-devices", sub, { token });
    expect(res.status).toBe(201);
    devices.push(d);
    mine.push(d);
  }
  return { userId, token, devices: mine };
}

const got = (d: TestDevice) => service.received.filter((r) => r.endpoint === d.endpoint);

async function alertOf(monitorId: string) {
  return ((await (await call(`/api/alerts?monitorId=${monitorId}&state=all`)).json()) as any).alerts[0];
}
async function deliveries(alertId: string) {
  return ((await (await call(`/api/alerts/${alertId}/history`)).json()) as any).deliveries as any[];
}
async function step(metric: string, v: number, id: string, ms = STEP) {
  clock.set(clock.now + ms);
  await gauge(metric, {}, clock.now, v);
  await check(id);
}
const hhmm = (min: number) =>
  `${String(Math.floor((((min % 1440) + 1440) % 1440) / 60)).padStart(2, "0")}:${String(((min % 60) + 60) % 60).padStart(2, "0")}`;

describe("Web Push channel", () => {
  it("pages every device of the people and teams named: trigger, re-notify and resolve, one tag and topic, once across a restart", async () => {
    const tag = uid();
    const ann = await person("ann", 2);
    const bob = await person("bob");
    const team = await teamWith(`Payments ${tag}`, { [bob.userId]: "responder" });
    const ch = await createChannel({ kind: "push", name: "phones", config: { users: [ann.userId], teams: [team] } });
    await gauge(`push_${tag}`, {}, clock.now, 5);
    const m = await createMonitor({
      name: `Checkout ${tag}`,
      query: `push_${tag}`,
      channels: [ch],
      repeatInterval: "1m",
      annotations: { summary: "checkout is failing" },
    });
    await check(m.id);
    const all = [...ann.devices, ...bob.devices];
    for (const d of all) expect(got(d)).toHaveLength(1);
    const alert = await alertOf(m.id);
    const first = got(ann.devices[0]!)[0]!;
    expect(first.payload).toMatchObject({
      v: 1,
      kind: "trigger",
      tag: `vigil-alert-${alert.id}`,
      title: `Critical: Checkout ${tag}`,
      alertId: alert.id,
      monitorId: m.id,
      severity: "critical",
      value: 5,
    });
    expect(first.payload.body).toContain("checkout is failing");
    expect(first.payload.url).toMatch(new RegExp(`/alerts/${alert.id}$`));
    expect(first).toMatchObject({ urgency: "high", ttl: 86_400 });
    expect(first.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    // A restart of the monitor's object pages nobody again.
    await abortAllDurableObjects();
    await step(`push_${tag}`, 5, m.id, 5_000);
    for (const d of all) expect(got(d)).toHaveLength(1);
    // Re-notify after the repeat interval: the same tag and topic, so it replaces the page on the phone and in the queue.
    for (let i = 0; i < 8 && got(ann.devices[0]!).length < 2; i++) await step(`push_${tag}`, 5, m.id);
    for (const d of all) expect(got(d).map((r) => r.payload.kind)).toEqual(["trigger", "repeat"]);
    const repeat = got(bob.devices[0]!)[1]!;
    expect([repeat.payload.tag, repeat.topic]).toEqual([first.payload.tag, first.topic]);
    for (let i = 0; i < 4 && (await alertOf(m.id)).state !== "resolved"; i++) await step(`push_${tag}`, 0, m.id);
    const resolve = got(ann.devices[1]!).at(-1)!;
    expect(resolve.payload).toMatchObject({
      kind: "resolve",
      tag: first.payload.tag,
      title: `Resolved: Checkout ${tag}`,
    });
    expect([resolve.urgency, resolve.ttl, resolve.topic]).toEqual(["low", 6 * 3600, first.topic]);
    const log = await deliveries(alert.id);
    expect(log.filter((d) => d.status === "sent").map((d) => [d.kind, d.detail])).toEqual([
      ["trigger", "3 device(s) paged"],
      ["repeat", "3 device(s) paged"],
      ["resolve", "3 device(s) paged"],
    ]);
    const listed = (await (await call("/api/me/push-devices", { token: ann.token })).json()) as any;
    for (const d of listed.devices) expect(d.lastSuccessAt).toBe(clock.now);
  });

  it("a 404 or 410 forgets the subscription; a 503 is retried for that device only", async () => {
    const tag = uid();
    const cy = await person("cy", 3);
    const [gone, flaky, fine] = cy.devices as [TestDevice, TestDevice, TestDevice];
    service.script.set(gone.endpoint, [410]);
    service.script.set(flaky.endpoint, [503]);
    const ch = await createChannel({ kind: "push", name: "cy", config: { users: [cy.userId] } });
    await gauge(`gone_${tag}`, {}, clock.now, 5);
    const m = await createMonitor({ name: `Gone ${tag}`, query: `gone_${tag}`, channels: [ch] });
    await check(m.id);
    expect([got(gone).length, got(flaky).length, got(fine).length]).toEqual([0, 0, 1]);
    const names = async () =>
      ((await (await call("/api/me/push-devices", { token: cy.token })).json()) as any).devices.map(
        (d: any) => d.deviceName,
      );
    expect(await names()).toEqual(["cy phone 1", "cy phone 2"]);
    await step(`gone_${tag}`, 5, m.id, 5_000); // the retry's backoff
    expect([got(gone).length, got(flaky).length, got(fine).length]).toEqual([0, 1, 1]);
    const log = await deliveries((await alertOf(m.id)).id);
    expect(log.map((d) => d.status)).toEqual(["retrying", "sent"]);
    expect(log[0].http_status).toBe(503);
    expect(log[0].error).toMatch(/1 device\(s\) paged; 1 gone \(subscription removed\); 1 to retry/);
    expect(log[1].detail).toBe("1 device(s) paged; 1 reached earlier");
  });

  it("quiet hours in the person's own time zone hold a warning but not a critical page", async () => {
    const tag = uid();
    const dee = await person("dee");
    expect((await json("/api/me", { timeZone: "Asia/Tokyo" }, { method: "PATCH", token: dee.token })).status).toBe(200);
    // Quiet from an hour ago to an hour from now, Tokyo time.
    const tokyo = (Math.floor(clock.now / 60_000) + 9 * 60) % 1440;
    const quietHours = { start: hhmm(tokyo - 60), end: hhmm(tokyo + 60) };
    const prefs = { severities: ["critical", "warning"], quietHours };
    expect((await json("/api/me/push-preferences", prefs, { method: "PUT", token: dee.token })).status).toBe(200);
    const ch = await createChannel({ kind: "push", name: "dee", config: { users: [dee.userId] } });
    await gauge(`warn_${tag}`, {}, clock.now, 5);
    await gauge(`crit_${tag}`, {}, clock.now, 5);
    const warn = await createMonitor({
      name: `Warn ${tag}`,
      query: `warn_${tag}`,
      channels: [ch],
      conditions: [{ severity: "warning", operator: ">", threshold: 1 }],
    });
    await check(warn.id);
    expect(got(dee.devices[0]!)).toHaveLength(0);
    const held = await deliveries((await alertOf(warn.id)).id);
    expect(held.map((d) => [d.status, d.detail])).toEqual([["sent", "0 device(s) paged; 1 held by quiet hours"]]);
    const crit = await createMonitor({ name: `Crit ${tag}`, query: `crit_${tag}`, channels: [ch] });
    await check(crit.id);
    expect(got(dee.devices[0]!).map((r) => [r.payload.severity, r.urgency])).toEqual([["critical", "high"]]);
  });

  it("the page's acknowledge token acknowledges exactly that alert, once, as the person paged, within the hour", async () => {
    const tag = uid();
    const eve = await person("eve");
    const ch = await createChannel({ kind: "push", name: "eve", config: { users: [eve.userId] } });
    await gauge(`acka_${tag}`, {}, clock.now, 5);
    await gauge(`ackb_${tag}`, {}, clock.now, 5);
    const a = await createMonitor({ name: `Ack A ${tag}`, query: `acka_${tag}`, channels: [ch] });
    const b = await createMonitor({ name: `Ack B ${tag}`, query: `ackb_${tag}`, channels: [ch] });
    await check(a.id);
    await check(b.id);
    const [pageA, pageB] = got(eve.devices[0]!).map((r) => r.payload);
    const [alertA, alertB] = [await alertOf(a.id), await alertOf(b.id)];
    expect([pageA.alertId, pageB.alertId]).toEqual([alertA.id, alertB.id]);
    expect(pageA.ack).toMatch(/^vpa_[A-Za-z0-9_-]{32}$/);
    expect(pageA.ack).not.toBe(pageB.ack);
    const ack = (token: string, alertId: string) => json("/api/push/ack", { token, alertId }, { token: null });

    // A's token cannot acknowledge B, and trying does not spend it.
    const other = await ack(pageA.ack, alertB.id);
    expect(other.status).toBe(403);
    expect(await other.text()).toMatch(/for another alert/);
    expect((await alertOf(b.id)).ack ?? null).toBeNull();

    const ok = await ack(pageA.ack, alertA.id);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).changed).toBe(true);
    const acked = await alertOf(a.id);
    expect(acked.ack).toMatchObject({ by: { id: eve.userId }, comment: "from a push notification" });

    const again = await ack(pageA.ack, alertA.id);
    expect(again.status).toBe(401);
    expect(await again.text()).toMatch(/already used/);

    const unknown = await ack(`vpa_${"x".repeat(32)}`, alertA.id);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toMatch(/not valid/);
    // Neither the user's API token nor a malformed body gets in.
    expect((await ack(eve.token, alertB.id)).status).toBe(400);

    clock.set(clock.now + 3_600_001);
    const late = await ack(pageB.ack, alertB.id);
    expect(late.status).toBe(401);
    expect(await late.text()).toMatch(/expired/);
    expect((await alertOf(b.id)).ack ?? null).toBeNull();
  });

  it("refuses a push channel that names nobody, and says when nobody named has a device", async () => {
    const bad = await json("/api/notification-channels", {
      kind: "push",
      name: "nobody",
      config: { users: [], teams: [] },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/at least one user or team/);
    const tag = uid();
    const ch = await createChannel({ kind: "push", name: "ghost", config: { users: [`ghost-${tag}`] } });
    await gauge(`ghost_${tag}`, {}, clock.now, 5);
    const m = await createMonitor({ name: `Ghost ${tag}`, query: `ghost_${tag}`, channels: [ch] });
    await check(m.id);
    const log = await deliveries((await alertOf(m.id)).id);
    expect(log.map((d) => [d.status, d.error])).toEqual([
      ["failed", "nobody to page: no one this channel names has a push device"],
    ]);
  });
});
