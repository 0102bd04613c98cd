import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, json } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(60));
afterAll(() => void vi.useRealTimers());
const tag = Math.random().toString(36).slice(2, 8);
let checkout: { id: string; slug: string };
let payments: { id: string; slug: string };

beforeAll(async () => {
  // Two monitors firing at once, like the checkout and payment-gateway monitors in the story.
  await gauge(`co_err_${tag}`, { environment: "production", region: "us-east-1" }, clock.now, 0.072);
  await gauge(`pg_err_${tag}`, { environment: "production", region: "us-east-1" }, clock.now, 312);
  checkout = await createMonitor({
    name: `Checkout ${tag}`,
    slug: `checkout-${tag}`,
    query: `co_err_${tag}`,
    conditions: [{ severity: "critical", operator: ">", threshold: 0.05 }],
  });
  payments = await createMonitor({
    name: `Payments ${tag}`,
    slug: `payment-gateway-${tag}`,
    query: `pg_err_${tag}`,
    conditions: [{ severity: "critical", operator: ">", threshold: 100 }],
  });
  await check(checkout.id);
  await check(payments.id);
});

const rule = (body: Record<string, unknown>) => ({ duration: "60m", comment: "rollback in progress", ...body });

describe("muting rules", () => {
  it("previews exactly the checkout alert for a rule on the checkout monitor", async () => {
    for (const body of [
      rule({ monitorId: checkout.id }),
      rule({ matchers: [{ name: "monitor", op: "=", value: checkout.slug }] }),
      rule({ monitorId: checkout.slug }),
    ]) {
      const res = await json("/api/muting-rules/preview", body);
      expect(res.status).toBe(200);
      const p = (await res.json()) as { current: any[]; recent: any[] };
      expect(p.current.map((a) => a.monitorSlug)).toEqual([checkout.slug]);
    }
    const wide = (await (
      await json(
        "/api/muting-rules/preview",
        rule({ matchers: [{ name: "monitor", op: "=~", value: `(checkout|payment-gateway)-${tag}` }] }),
      )
    ).json()) as any;
    expect(wide.current.map((a: any) => a.monitorSlug).sort()).toEqual([checkout.slug, payments.slug]);
    const none = (await (
      await json(
        "/api/muting-rules/preview",
        rule({
          matchers: [
            { name: "monitor", op: "=", value: checkout.slug },
            { name: "region", op: "!=", value: "us-east-1" },
          ],
        }),
      )
    ).json()) as any;
    expect(none.current).toEqual([]);
  });

  it("lists recently resolved alerts it would have matched", async () => {
    await gauge(`pg_err_${tag}`, { environment: "production", region: "us-east-1" }, clock.now + STEP, 5);
    clock.set(clock.now + STEP);
    await check(payments.id);
    const p = (await (await json("/api/muting-rules/preview", rule({ monitorId: payments.id }))).json()) as any;
    expect(p.current).toEqual([]);
    expect(p.recent.map((a: any) => [a.monitorSlug, a.state])).toEqual([[payments.slug, "resolved"]]);
  });

  it("creates active and scheduled rules, marks the alert muted, expires early and extends", async () => {
    const res = await json("/api/muting-rules", rule({ monitorId: checkout.id }));
    expect(res.status).toBe(201);
    const m = (await res.json()) as any;
    expect(m).toMatchObject({
      status: "active",
      endsAt: clock.now + 3_600_000,
      createdBy: "admin",
      monitorId: checkout.id,
    });
    await gauge(`co_err_${tag}`, { environment: "production", region: "us-east-1" }, clock.now + STEP, 0.08);
    clock.set(clock.now + STEP);
    await check(checkout.id);
    const alerts = ((await (await call(`/api/alerts?monitorId=${checkout.id}`)).json()) as any).alerts;
    expect(alerts[0]).toMatchObject({ state: "firing", muted: true });

    const later = await json(
      "/api/muting-rules",
      rule({
        matchers: [{ name: "region", op: "=", value: "us-west-2" }],
        startsAt: clock.now + 3_600_000,
        endsAt: new Date(clock.now + 7_200_000).toISOString(),
      }),
    );
    expect(((await later.json()) as any).status).toBe("scheduled");

    const ext = await json(`/api/muting-rules/${m.id}/extend`, { by: "30m" });
    expect(((await ext.json()) as any).endsAt).toBe(m.endsAt + 1_800_000);
    const exp = await json(`/api/muting-rules/${m.id}/expire`, {});
    expect((await exp.json()) as any).toMatchObject({ status: "expired", endsAt: clock.now });
    const list = ((await (await call("/api/muting-rules?status=expired")).json()) as any).rules;
    expect(list.map((r: any) => r.id)).toContain(m.id);

    await gauge(`co_err_${tag}`, { environment: "production", region: "us-east-1" }, clock.now + STEP, 0.08);
    clock.set(clock.now + STEP);
    await check(checkout.id);
    const after = ((await (await call(`/api/alerts?monitorId=${checkout.id}`)).json()) as any).alerts;
    expect(after[0]).toMatchObject({ state: "firing", muted: false });
  });

  it("a deleted rule stops holding at the next check and is gone from every read (kept only for timelines)", async () => {
    const m = (await (await json("/api/muting-rules", rule({ monitorId: checkout.id }))).json()) as any;
    await gauge(`co_err_${tag}`, { environment: "production", region: "us-east-1" }, clock.now + STEP, 0.08);
    clock.set(clock.now + STEP);
    await check(checkout.id);
    const muted = ((await (await call(`/api/alerts?monitorId=${checkout.id}`)).json()) as any).alerts;
    expect(muted[0]).toMatchObject({ state: "firing", muted: true });

    const del = await call(`/api/muting-rules/${m.id}`, { method: "DELETE" });
    expect(await del.json()).toEqual({ deleted: m.id });
    expect((await call(`/api/muting-rules/${m.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/muting-rules/${m.id}`)).status).toBe(404);
    expect((await json(`/api/muting-rules/${m.id}/extend`, { by: "1h" })).status).toBe(404);
    for (const status of ["all", "active", "expired"]) {
      const rules = ((await (await call(`/api/muting-rules?status=${status}`)).json()) as any).rules;
      expect(rules.some((r: any) => r.id === m.id)).toBe(false);
    }
    expect((await call(`/api/v2/silence/${m.id}`)).status).toBe(404);
    expect(((await (await call("/api/v2/silences")).json()) as any[]).some((x) => x.id === m.id)).toBe(false);

    await gauge(`co_err_${tag}`, { environment: "production", region: "us-east-1" }, clock.now + STEP, 0.08);
    clock.set(clock.now + STEP);
    await check(checkout.id);
    const after = ((await (await call(`/api/alerts?monitorId=${checkout.id}`)).json()) as any).alerts;
    expect(after[0]).toMatchObject({ state: "firing", muted: false });
    const am = (await (await call("/api/v2/alerts")).json()) as any[];
    const mine = am.find((a) => a.labels.monitor === checkout.slug);
    expect(mine?.status.silencedBy ?? []).not.toContain(m.id);
  });

  it("validates rules", async () => {
    const bad: [unknown, RegExp][] = [
      [{ duration: "1h" }, /matchers or a monitorId/],
      [{ matchers: [{ name: "a", op: "=~", value: "(" }], duration: "1h" }, /regular expression/],
      [{ matchers: [{ name: "a", op: "=", value: "b" }] }, /endsAt or duration/],
      [{ monitorId: "nope", duration: "1h" }, /not found/],
      [{ matchers: [{ name: "a", op: "=", value: "b" }], startsAt: 10, endsAt: 5 }, /after startsAt/],
    ];
    for (const [body, msg] of bad) {
      const res = await json("/api/muting-rules", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as any).error.message).toMatch(msg);
    }
    expect((await json("/api/muting-rules/mute_nope/expire", {})).status).toBe(404);
  });
});
