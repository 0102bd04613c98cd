import { runDurableObjectAlarm } from "cloudflare:test";
import { afterAll, describe, expect, it, vi } from "vitest";
import { call, json } from "./helpers";
import { check, Clock, inObject, createMonitor, gauge, monitorStub, privateBase } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(50));
afterAll(() => void vi.useRealTimers());

const valid = {
  name: "Payment gateway errors",
  query: "sum(rate(payment_errors_total[1m]))",
  conditions: [{ severity: "critical", operator: ">", threshold: 5, sustain: "2m", resolveWindow: "1m" }],
};

describe("monitors API", () => {
  it("creates a monitor with defaults, a derived slug, version 1, and arms its object", async () => {
    const res = await json("/api/monitors", valid);
    expect(res.status).toBe(201);
    const m = (await res.json()) as any;
    expect(m).toMatchObject({
      slug: "payment-gateway-errors",
      version: 1,
      intervalSeconds: 60,
      repeatIntervalMs: 3_600_000,
      noData: "nodata", // issue 17: a firing alert whose data stops holds its page by default
      flapping: { enabled: false, changes: 6, windowMs: 3_600_000 },
      enabled: true,
    });
    expect(m.conditions[0]).toEqual({
      severity: "critical",
      operator: ">",
      threshold: 5,
      sustainMs: 120_000,
      resolveWindowMs: 60_000,
    });
    const snap = await inObject(monitorStub(m.id), async (o: any, state) => ({
      snap: await o.snapshot(),
      alarm: await state.storage.getAlarm(),
    }));
    expect(snap.snap.definition.id).toBe(m.id);
    expect(snap.alarm).toBe(clock.now);
    expect(((await (await call(`/api/monitors/${m.slug}`)).json()) as any).id).toBe(m.id);
  });

  it("rejects invalid definitions with clear messages", async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...valid, query: "sum(rate(x[1m]" }, /query/],
      [{ ...valid, intervalSeconds: 20 }, /intervalSeconds/],
      [{ ...valid, conditions: [] }, /conditions/],
      [
        { ...valid, conditions: [{ severity: "critical", operator: ">", threshold: 1, sustain: "3 minutes" }] },
        /duration/,
      ],
      [{ ...valid, slug: "Bad Slug" }, /slug/],
      [{ ...valid, channels: ["ch_missing"] }, /unknown notification channel/],
    ];
    for (const [body, msg] of cases) {
      const res = await json("/api/monitors", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe("VALIDATION");
      expect(err.error.message).toMatch(msg);
    }
    expect((await json("/api/monitors", valid)).status).toBe(409); // slug taken
  });

  it("keeps a version history and re-arms on update; deleting stops the object", async () => {
    const m = await createMonitor({ name: "Versioned", query: "vector(1)" });
    const put = await json(
      `/api/monitors/${m.id}`,
      {
        name: "Versioned",
        query: "vector(2)",
        intervalSeconds: 30,
        conditions: [{ severity: "warning", operator: ">", threshold: 1 }],
      },
      { method: "PUT" },
    );
    expect(put.status).toBe(200);
    expect(((await put.json()) as any).version).toBe(2);
    const versions = ((await (await call(`/api/monitors/${m.id}/versions`)).json()) as any).versions;
    expect(versions.map((v: any) => [v.version, v.definition.query])).toEqual([
      [2, "vector(2)"],
      [1, "vector(1)"],
    ]);
    expect((await call(`/api/monitors/${m.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await call(`/api/monitors/${m.id}`)).status).toBe(404);
    expect(await runDurableObjectAlarm(monitorStub(m.id))).toBe(false);
    expect(await inObject(monitorStub(m.id), (o: any) => o.snapshot().then((s: any) => s.definition))).toBeNull();
  });

  it("a disabled monitor has no alarm", async () => {
    const m = await createMonitor({ name: "Disabled", query: "vector(1)", enabled: false });
    expect(await runDurableObjectAlarm(monitorStub(m.id))).toBe(false);
  });

  it("records what the evaluator saw at its last check", async () => {
    const metric = `mon_state_${Math.random().toString(36).slice(2, 8)}`;
    await gauge(metric, { pod: "a" }, clock.now, 3);
    const m = await createMonitor({ name: `State ${metric}`, query: metric });
    expect(await check(m.id)).toBe(true);
    const st = (await (await call(`/api/monitors/${m.id}/state`)).json()) as any;
    expect(st.lastCheck).toMatchObject({ at: clock.now, error: null });
    expect(st.lastCheck.samples).toEqual([{ labels: { __name__: metric, pod: "a" }, value: 3 }]);
    expect(st.nextCheckAt).toBe(clock.now + 15_000);
    expect(Object.values(st.state.entries).map((e: any) => e.state)).toEqual(["firing"]);
  });
});
