import { afterAll, describe, expect, it, vi } from "vitest";
import { call, json, tokenWith } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(158));
afterAll(() => vi.useRealTimers());
const uid = () => Math.random().toString(36).slice(2, 8);
const put = (body: unknown, token?: string) =>
  json("/api/incidents/settings", body, { method: "PUT", ...(token ? { token } : {}) });
const settings = async () => (await (await call("/api/incidents/settings")).json()) as any;
async function incidents() {
  return ((await (await call("/api/incidents?status=all&limit=500")).json()) as any).incidents as any[];
}

describe("incident settings: the labels firing alerts are grouped by", () => {
  it("defaults to service, validates with clear 400s and needs admin to change", async () => {
    expect(await settings()).toEqual({
      groupBy: ["service"],
      serviceGraph: true,
      changeEvents: true,
      updatedAt: null,
      updatedBy: null,
    });
    const bad: [unknown, RegExp][] = [
      [{ groupBy: ["a", "b", "c", "d", "e", "f"] }, /at most 5 labels/],
      [{ groupBy: ["1team"] }, /label name is letters, digits and _/],
      [{ groupBy: ["team-name"] }, /label name/],
      [{ groupBy: ["team", "team"] }, /each label once/],
      [{ groupBy: "team" }, /groupBy/],
      [{}, /groupBy/],
      [{ groupBy: ["team"], extra: 1 }, /extra/],
    ];
    for (const [body, msg] of bad) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = ((await res.json()) as any).error;
      expect(err.code).toBe("VALIDATION");
      expect(err.message).toMatch(msg);
    }
    const writer = await tokenWith(["write"]);
    const reader = await tokenWith(["read"]);
    expect((await put({ groupBy: ["team"] }, writer)).status).toBe(403);
    expect((await call("/api/incidents/settings", { token: reader })).status).toBe(200);
    expect((await call("/api/incidents/settings", { token: null })).status).toBe(401);
    expect((await settings()).groupBy).toEqual(["service"]);
  });

  it("groups by the configured labels from then on, titled in their order; the default groups by service", async () => {
    const tag = uid();
    const team = `pay_${tag}`;
    const labels = { team, environment: "production", region: "us-east-1" };
    // Under the default, alerts without `service` open no incident.
    const early = await createMonitor({ name: `Early ${tag}`, query: `ise_${tag}`, labels });
    await gauge(`ise_${tag}`, {}, clock.now, 5);
    await check(early.id);
    expect((await incidents()).filter((i) => i.groupKey?.team === team)).toEqual([]);

    const res = await put({ groupBy: ["team", "environment", "region"] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      groupBy: ["team", "environment", "region"],
      updatedAt: expect.any(Number),
      updatedBy: "admin",
    });
    const names = [`Burn ${tag}`, `Gateway ${tag}`, `Orders ${tag}`];
    for (const [i, name] of names.entries()) {
      const m = await createMonitor({ name, query: `is${i}_${tag}`, labels });
      await gauge(`is${i}_${tag}`, {}, clock.now, 5);
      await check(m.id);
    }
    const mine = (await incidents()).filter((i) => i.groupKey?.team === team);
    expect(mine).toHaveLength(1);
    // The alert that fired before the change is still ungrouped, so it joins at this first pass too.
    expect(mine[0].alertCount).toBe(4);
    expect(mine[0].title).toBe(`team=${team}, environment=production, region=us-east-1: Early ${tag}`);
    expect(mine[0].groupKey).toEqual(labels);

    // Back to the default: service-labelled alerts group again; the team incident keeps its alerts.
    expect((await put({ groupBy: ["service"] })).status).toBe(200);
    const svc = `svc_${tag}`;
    const m = await createMonitor({ name: `Svc ${tag}`, query: `iss_${tag}`, labels: { ...labels, service: svc } });
    await gauge(`iss_${tag}`, {}, clock.now, 5);
    await check(m.id);
    const after = await incidents();
    expect(after.filter((i) => i.groupKey?.service === svc).map((i) => i.title)).toEqual([
      `service=${svc}: Svc ${tag}`,
    ]);
    expect(after.find((i) => i.id === mine[0].id).alertCount).toBe(4);

    // An empty list turns automatic grouping off.
    expect((await put({ groupBy: [] })).status).toBe(200);
    const off = await createMonitor({ name: `Off ${tag}`, query: `iso_${tag}`, labels: { service: `off_${tag}` } });
    await gauge(`iso_${tag}`, {}, clock.now, 5);
    await check(off.id);
    expect((await incidents()).filter((i) => i.groupKey?.service === `off_${tag}`)).toEqual([]);
    expect((await put({ groupBy: ["service"] })).status).toBe(200);
  });
});
