import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertChangeEvent } from "../../platform/db/change-events";
import { call, json } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(80));
afterAll(() => void vi.useRealTimers());
const tag = Math.random().toString(36).slice(2, 8);
let monitor: { id: string; slug: string };
let alertId = "";

beforeAll(async () => {
  await insertChangeEvent(env.DB, {
    title: "Deploy: checkout-service v3.41.0",
    source: "ArgoCD",
    category: "deploys",
    type: "deploy",
    happenedAt: clock.now - 120_000,
    labels: { service: "checkout-service", region: "us-east-1" },
    createdBy: "deploy-bot",
  });
  await gauge(`al_${tag}`, { environment: "production", region: "us-east-1" }, clock.now, 0.072);
  monitor = await createMonitor({
    name: `Alerts ${tag}`,
    query: `al_${tag}`,
    signals: { mode: "labels", keys: ["environment", "region"] },
    conditions: [{ severity: "critical", operator: ">", threshold: 0.05 }],
    annotations: {
      runbook: "https://runbooks.example/checkout",
      summary: "{{ $labels.region }} at {{ $value | humanizePercentage }}",
    },
  });
  await check(monitor.id);
  alertId = ((await (await call(`/api/alerts?monitorId=${monitor.id}`)).json()) as any).alerts[0].id;
});

describe("alerts API", () => {
  it("lists firing alerts first and filters by state", async () => {
    const firing = ((await (await call("/api/alerts?state=firing")).json()) as any).alerts;
    expect(firing.some((a: any) => a.id === alertId)).toBe(true);
    expect(firing.every((a: any) => a.state === "firing")).toBe(true);
    expect(
      ((await (await call("/api/alerts?state=resolved")).json()) as any).alerts.some((a: any) => a.id === alertId),
    ).toBe(false);
    expect((await call("/api/alerts?state=bogus")).status).toBe(400);
  });

  it("details: thresholds, what the evaluator saw, annotations, history and the correlated deploy", async () => {
    const d = (await (await call(`/api/alerts/${alertId}`)).json()) as any;
    expect(d.alert).toMatchObject({
      state: "firing",
      signalLabels: { environment: "production", region: "us-east-1" },
      lastValue: 0.072,
    });
    expect(d.alert.labels).toMatchObject({ monitor: monitor.slug, severity: "critical", region: "us-east-1" });
    expect(d.alert.annotations.summary).toBe("us-east-1 at 7.2%");
    expect(d.thresholds).toEqual([
      { severity: "critical", operator: ">", threshold: 0.05, sustainMs: 0, resolveWindowMs: 0 },
    ]);
    expect(d.monitor.query).toBe(`al_${tag}`);
    expect(d.evaluator.samples.map((s: any) => s.value)).toEqual([0.072]);
    expect(d.history.map((h: any) => [h.from, h.to, h.value])).toEqual([["ok", "firing", 0.072]]);
    expect(d.changeEvents.map((e: any) => e.title)).toContain("Deploy: checkout-service v3.41.0");
    expect((await call("/api/alerts/al_nope")).status).toBe(404);
  });

  it("stores comments as markdown and returns inert HTML, on monitors (by slug) and alerts", async () => {
    const body = "Payments team: **rollback** in progress <script>alert(1)</script> [x](javascript:alert(1))";
    const res = await json(`/api/monitors/${monitor.slug}/comments`, { body });
    expect(res.status).toBe(201);
    const c = (await res.json()) as any;
    expect(c).toMatchObject({ targetKind: "monitor", targetId: monitor.id, author: "admin", body });
    expect(c.html).toContain("<strong>rollback</strong>");
    expect(c.html).not.toContain("<script");
    expect(c.html).not.toContain("javascript:");
    expect((await json(`/api/alerts/${alertId}/comments`, { body: "looking" })).status).toBe(201);
    const list = ((await (await call(`/api/monitors/${monitor.id}/comments`)).json()) as any).comments;
    expect(list.map((x: any) => x.body)).toEqual([body]);
    const onAlert = ((await (await call(`/api/alerts/${alertId}`)).json()) as any).comments;
    expect(onAlert.map((x: any) => x.body)).toEqual(["looking"]);
    expect((await json(`/api/alerts/${alertId}/comments`, { body: "" })).status).toBe(400);
    expect((await json(`/api/monitors/nope/comments`, { body: "x" })).status).toBe(404);
  });

  it("takes a resolution note once the alert resolved", async () => {
    clock.set(clock.now + STEP);
    await gauge(`al_${tag}`, { environment: "production", region: "us-east-1" }, clock.now, 0.003);
    await check(monitor.id);
    const note = "Rolled back to v3.40.2: v3.41.0 DNS misconfiguration causing 503s";
    const res = await json(`/api/alerts/${alertId}/resolution-note`, { note }, { method: "PUT" });
    expect(res.status).toBe(200);
    const d = (await (await call(`/api/alerts/${alertId}`)).json()) as any;
    expect(d.alert.state).toBe("resolved");
    expect(d.alert.resolutionNote).toMatchObject({ note, by: "admin" });
    expect(d.history.map((h: any) => h.to)).toEqual(["firing", "resolved"]);
  });
});
