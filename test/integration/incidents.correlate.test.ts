// Incident grouping beyond shared labels: service-graph neighbours and alerts following the same change event,
// with the reason on the timeline and the upstream-most service first. The default group-by (service) holds, so
// each alert here has a group of its own and only the correlation rules can bring two together.
import { afterAll, describe, expect, it, vi } from "vitest";
import type { SpanRecord } from "../../core/otlp/traces/types";
import { call, json, tokenWith } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const clock = new Clock(privateBase(171));
afterAll(() => vi.useRealTimers());
const MIN = 60_000;
const uid = () => Math.random().toString(36).slice(2, 8);
const put = (body: unknown, token?: string) =>
  json("/api/incidents/settings", body, { method: "PUT", ...(token ? { token } : {}) });

async function incidents() {
  return ((await (await call("/api/incidents?status=all&limit=500")).json()) as any).incidents as any[];
}
const ofService = async (svc: string) => (await incidents()).filter((i) => i.groupKey?.service === svc);
const detail = async (id: string) => (await (await call(`/api/incidents/${id}`)).json()) as any;
const joins = (d: any) => d.timeline.filter((e: any) => e.kind === "alert_joined").map((e: any) => e.data);

/** One alert firing now on a private metric, for a monitor carrying `labels`. */
async function fire(name: string, labels: Record<string, string>) {
  const metric = `icr_${uid()}`;
  const m = await createMonitor({ name, query: metric, labels });
  await gauge(metric, {}, clock.now, 5);
  await check(m.id);
  return m;
}

/** Traces where `caller` calls `callee` (a server span and its child server span), so the graph has that edge. */
async function calls(caller: string, callee: string, atMs: number) {
  const spans: SpanRecord[] = [];
  for (let i = 0; i < 3; i++) {
    const traceId = randomHex(16);
    const us = (atMs + i * 1000) * 1000;
    const span = (service: string, parentSpanId: string): SpanRecord => ({
      traceId,
      service,
      spanId: randomHex(8),
      parentSpanId,
      kind: 2,
      name: `GET /${service}`,
      startUs: us,
      endUs: us + 50_000,
      statusCode: 0,
      statusMessage: "",
      resource: { "service.name": service },
      attributes: {},
      scopeName: "test",
      scopeVersion: "1",
      events: [],
      links: [],
    });
    const root = span(caller, "");
    spans.push(root, span(callee, root.spanId));
  }
  expect((await json("/v1/traces", toOtlpJson(spans))).status).toBe(200);
}

describe("incident correlation", () => {
  it("joins graph neighbours into one incident with the reason, upstream-most first; not strangers or late ones", async () => {
    const tag = uid();
    const [fe, co, pg, un] = ["fe", "co", "pg", "un"].map((s) => `${s}-${tag}`);
    await calls(fe, co, clock.now - MIN);
    await calls(co, pg, clock.now - MIN);

    // The callee breaches first and opens the incident of its group; its caller joins as a neighbour.
    await fire(`Gateway ${tag}`, { service: pg });
    clock.set(clock.now + STEP);
    await fire(`Checkout ${tag}`, { service: co });
    await fire(`Stranger ${tag}`, { service: un });

    const [inc] = await ofService(pg);
    expect(inc).toMatchObject({ alertCount: 2, title: `service=${pg}: Gateway ${tag}` });
    expect(await ofService(co)).toEqual([]);
    expect(await ofService(un)).toHaveLength(1);
    const d = await detail(inc.id);
    expect(joins(d)).toEqual([
      expect.objectContaining({ monitorName: `Gateway ${tag}`, reason: "labels" }),
      expect.objectContaining({ monitorName: `Checkout ${tag}`, reason: "service_graph", neighbour: pg }),
    ]);
    // The likely root is the caller, though the callee breached first.
    expect(d.alerts.map((a: any) => a.monitorName)).toEqual([`Checkout ${tag}`, `Gateway ${tag}`]);

    // The frontend calls checkout, but breaches more than ten minutes after the incident's latest alert.
    clock.set(clock.now + 11 * MIN);
    await fire(`Frontend ${tag}`, { service: fe });
    expect(await ofService(fe)).toHaveLength(1);
    expect((await detail(inc.id)).alerts).toHaveLength(2);
  });

  it("joins alerts that follow the same change event; one breaching past the change's window opens its own", async () => {
    const tag = uid();
    const environment = `prod-${tag}`;
    const [x, y, z, w] = ["x", "y", "z", "w"].map((s) => `${s}-${tag}`);
    const res = await json("/api/change-events", {
      title: `Deploy ${tag}`,
      source: "ArgoCD",
      category: "deploys",
      happenedAt: clock.now - 2 * MIN,
      labels: { environment, version: "v2" },
    });
    expect(res.status).toBe(201);
    const change = (await res.json()) as any;

    await fire(`X ${tag}`, { service: x, environment });
    clock.set(clock.now + STEP);
    await fire(`Y ${tag}`, { service: y, environment });
    // Another environment did not get the deploy.
    await fire(`W ${tag}`, { service: w, environment: `staging-${tag}` });

    const [inc] = await ofService(x);
    expect(inc.alertCount).toBe(2);
    expect(await ofService(y)).toEqual([]);
    expect(await ofService(w)).toHaveLength(1);
    expect(joins(await detail(inc.id))[1]).toMatchObject({
      monitorName: `Y ${tag}`,
      reason: "change_event",
      changeId: change.id,
      changeTitle: `Deploy ${tag}`,
    });

    // Thirty minutes after the deploy an alert no longer follows it.
    clock.set(change.happenedAt + 31 * MIN);
    await fire(`Z ${tag}`, { service: z, environment });
    expect(await ofService(z)).toHaveLength(1);
    expect((await detail(inc.id)).alerts).toHaveLength(2);
  });

  it("lets an admin turn the graph and change rules off, validated; both default on", async () => {
    const s = (await (await call("/api/incidents/settings")).json()) as any;
    expect(s).toMatchObject({ groupBy: ["service"], serviceGraph: true, changeEvents: true });
    const writer = await tokenWith(["write"]);
    expect((await put({ serviceGraph: false }, writer)).status).toBe(403);
    for (const body of [{ serviceGraph: "no" }, { changeEvents: 1 }, {}]) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const off = await put({ serviceGraph: false });
    expect(await off.json()).toMatchObject({ groupBy: ["service"], serviceGraph: false, changeEvents: true });

    clock.set(clock.now + 2 * 3_600_000);
    const tag = uid();
    const [a, b] = [`a-${tag}`, `b-${tag}`];
    await calls(a, b, clock.now - MIN);
    await fire(`A ${tag}`, { service: a });
    clock.set(clock.now + STEP);
    await fire(`B ${tag}`, { service: b });
    expect(await ofService(a)).toHaveLength(1);
    expect(await ofService(b)).toHaveLength(1);
    expect(await (await put({ serviceGraph: true })).json()).toMatchObject({ serviceGraph: true, changeEvents: true });
  });

  it("the story's alerts, grouped by team, environment and region: checkout-service is the likely root", async () => {
    expect((await put({ groupBy: ["team", "environment", "region"] })).status).toBe(200);
    clock.set(clock.now + 3 * 3_600_000);
    const traces = [0, 1, 2].flatMap((i) =>
      checkoutTrace({ traceId: randomHex(16), startMs: clock.now - MIN + i * 1000, failing: true }),
    );
    expect((await json("/v1/traces", toOtlpJson(traces))).status).toBe(200);
    const team = `payments_${uid()}`;
    const place = { team, environment: "production", region: "us-east-1" };
    // payment-gateway breaches a check before checkout (as in a clean run of the demo), inventory-service with it.
    await fire(`Payment gateway errors ${team}`, { ...place, service: "payment-gateway" });
    await fire(`Inventory errors ${team}`, { ...place, service: "inventory-service" });
    clock.set(clock.now + STEP);
    await fire(`Checkout error budget burn ${team}`, { ...place, service: "checkout-service" });

    const mine = (await incidents()).filter((i) => i.groupKey?.team === team);
    expect(mine).toHaveLength(1);
    const d = await detail(mine[0].id);
    expect(d.alerts[0].monitorName).toBe(`Checkout error budget burn ${team}`);
    expect(joins(d).map((j: any) => j.reason)).toEqual(["labels", "labels", "labels"]);
    expect((await put({ groupBy: ["service"] })).status).toBe(200);
  });
});
