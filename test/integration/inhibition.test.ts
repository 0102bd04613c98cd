import { afterAll, describe, expect, it, vi } from "vitest";
import { fingerprint } from "../../core/notify/fingerprint";
import { call, json, tokenWith } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { check, Clock, createChannel, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(153));
const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});
const uid = () => Math.random().toString(36).slice(2, 8);

async function alertOf(monitorId: string) {
  return ((await (await call(`/api/alerts?monitorId=${monitorId}&state=all`)).json()) as any).alerts[0];
}
const put = (path: string, body: unknown) => json(path, body, { method: "PUT" });

describe("inhibition rules", () => {
  it("holds the payment-gateway alert while checkout fires, and releases it after", async () => {
    const tag = uid();
    const slack = await createChannel({
      kind: "slack",
      name: "#oncall",
      config: { webhookUrl: `${RECEIVER}/s/${tag}` },
    });
    const pages = () => receiver.received.filter((r) => r.url.endsWith(`/s/${tag}`)).map((r) => r.body.text as string);
    const mon = (service: string) =>
      createMonitor({
        name: `${service} errors ${tag}`,
        query: `errs_${tag}{service="${service}"}`,
        labels: { team: tag },
        signals: { mode: "labels", keys: ["service"] },
        channels: [slack],
        repeatInterval: "24h",
      });
    const checkout = await mon("checkout");
    const payments = await mon("payment-gateway");
    const res = await json("/api/inhibit-rules", {
      name: "Checkout down explains payments",
      sourceMatchers: [{ name: "service", op: "=", value: "checkout" }],
      targetMatchers: [{ name: "service", op: "=~", value: "payment-.*" }],
      equal: ["team"],
      comment: "payments calls checkout",
    });
    expect(res.status).toBe(201);
    const rule = (await res.json()) as any;
    expect(rule).toMatchObject({ id: expect.stringMatching(/^inh/), equal: ["team"], createdBy: expect.any(String) });

    const write = async (svc: string, v: number) => gauge(`errs_${tag}`, { service: svc }, clock.now, v);
    await write("checkout", 5);
    await write("payment-gateway", 5);
    await check(checkout.id);
    await check(payments.id);
    expect(pages()).toHaveLength(1); // checkout's page only
    expect(pages()[0]).toContain("checkout");
    const src = await alertOf(checkout.id);
    const held = await alertOf(payments.id);
    expect(held).toMatchObject({ state: "firing", muted: false, inhibitedBy: [src.id] });
    expect(src.inhibitedBy).toEqual([]);

    const detail = (await (await call(`/api/alerts/${held.id}`)).json()) as any;
    expect(detail.inhibitors).toEqual([
      { id: src.id, monitorName: `checkout errors ${tag}`, state: "firing", labels: src.labels },
    ]);
    const am = (await (await call(`/api/v2/alerts?filter=team="${tag}"`)).json()) as any[];
    const amHeld = am.find((a) => a.labels.service === "payment-gateway");
    expect(amHeld.status).toEqual({
      state: "suppressed",
      silencedBy: [],
      inhibitedBy: [fingerprint(src.labels)],
      mutedBy: [],
    });
    expect(am.find((a) => a.labels.service === "checkout").status.state).toBe("active");
    const hidden = (await (await call(`/api/v2/alerts?filter=team="${tag}"&inhibited=false`)).json()) as any[];
    expect(hidden.map((a) => a.labels.service)).toEqual(["checkout"]);
    const listed = ((await (await call("/api/inhibit-rules")).json()) as any).rules.find((r: any) => r.id === rule.id);
    expect(listed.holding).toEqual([
      { id: held.id, monitorName: `payment-gateway errors ${tag}`, inhibitedBy: [src.id] },
    ]);

    // Still held on the next check; then checkout recovers and payments pages at its next check.
    clock.set(clock.now + STEP);
    await write("checkout", 5);
    await write("payment-gateway", 5);
    await check(checkout.id);
    await check(payments.id);
    expect(pages()).toHaveLength(1);
    clock.set(clock.now + STEP);
    await write("checkout", 0);
    await write("payment-gateway", 5);
    await check(checkout.id);
    expect((await alertOf(checkout.id)).state).toBe("resolved");
    await check(payments.id);
    const texts = pages();
    expect(texts).toHaveLength(3); // checkout resolved, then payment-gateway's page
    expect(texts[2]).toContain("payment-gateway");
    expect(await alertOf(payments.id)).toMatchObject({ state: "firing", inhibitedBy: [] });
    const after = (await (await call(`/api/v2/alerts?filter=team="${tag}"`)).json()) as any[];
    expect(after.map((a) => [a.labels.service, a.status.state, a.status.inhibitedBy])).toEqual([
      ["payment-gateway", "active", []],
    ]);
  });

  it("does not hold a target whose equal labels differ", async () => {
    const tag = uid();
    const other = uid();
    const a = await createMonitor({ name: `A ${tag}`, query: `eq_${tag}`, labels: { team: tag, kind: "src" } });
    const b = await createMonitor({ name: `B ${tag}`, query: `eq2_${tag}`, labels: { team: other, kind: "dst" } });
    await json("/api/inhibit-rules", {
      name: `eq ${tag}`,
      sourceMatchers: [{ name: "kind", op: "=", value: "src" }],
      targetMatchers: [{ name: "kind", op: "=", value: "dst" }],
      equal: ["team"],
    });
    await gauge(`eq_${tag}`, {}, clock.now, 5);
    await gauge(`eq2_${tag}`, {}, clock.now, 5);
    await check(a.id);
    await check(b.id);
    expect((await alertOf(b.id)).inhibitedBy).toEqual([]);
  });

  it("reads, replaces and deletes a rule; bad input gets a clear 4xx; writing needs the write scope", async () => {
    const body = {
      name: "crit over warn",
      sourceMatchers: [{ name: "severity", op: "=", value: "critical" }],
      targetMatchers: [{ name: "severity", op: "=", value: "warning" }],
      equal: ["alertname"],
    };
    const r = (await (await json("/api/inhibit-rules", body)).json()) as any;
    expect((await (await call(`/api/inhibit-rules/${r.id}`)).json()) as any).toMatchObject({ ...body, holding: [] });
    const replaced = await put(`/api/inhibit-rules/${r.id}`, { ...body, equal: ["alertname", "service"] });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as any).equal).toEqual(["alertname", "service"]);

    const bad: [unknown, RegExp][] = [
      [{ ...body, targetMatchers: [] }, /target matcher/],
      [{ ...body, sourceMatchers: [{ name: "a", op: "=~", value: "(" }] }, /regular expression/],
      [{ ...body, equal: ["not a label"] }, /label names/],
      [{ ...body, surprise: 1 }, /surprise|unrecognized/i],
      [{ ...body, name: "" }, /name/],
    ];
    for (const [b, msg] of bad) {
      const res = await json("/api/inhibit-rules", b);
      expect(res.status, JSON.stringify(b)).toBe(400);
      expect(((await res.json()) as any).error.message).toMatch(msg);
    }
    expect((await call("/api/inhibit-rules/inh_nope")).status).toBe(404);
    expect((await put("/api/inhibit-rules/inh_nope", body)).status).toBe(404);

    const reader = await tokenWith(["read"]);
    expect((await json("/api/inhibit-rules", body, { token: reader })).status).toBe(403);
    expect((await call(`/api/inhibit-rules/${r.id}`, { method: "DELETE", token: reader })).status).toBe(403);
    expect((await call("/api/inhibit-rules", { token: null })).status).toBe(401);
    expect((await call("/api/inhibit-rules", { token: reader })).status).toBe(200);

    expect((await call(`/api/inhibit-rules/${r.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await call(`/api/inhibit-rules/${r.id}`)).status).toBe(404);
    expect((await call(`/api/inhibit-rules/${r.id}`, { method: "DELETE" })).status).toBe(404);
  });
});
