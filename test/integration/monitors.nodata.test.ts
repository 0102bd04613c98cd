// A firing alert whose data stops is `nodata` in Vigil: its page stays open. Prometheus' equivalent is
// keep_firing_for, so the Prometheus API (/api/v1/alerts, /api/v1/rules) shows it as still `firing` with
// `keepFiringSince` (when the data stopped), and inhibition treats it as active: a nodata source keeps holding
// its targets, and a nodata target stays held and names its inhibitors.
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { check, Clock, createChannel, createMonitor, gauge, privateBase } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(167));
const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});
const uid = () => Math.random().toString(36).slice(2, 8);
/** Past the 5 m lookback: a series last written before this is absent from the monitor's query. */
const GONE = 6 * 60_000;

const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const labels = z.record(z.string(), z.string());
// Prometheus' web/api/v1 Alert: keepFiringSince is on the alert, omitted unless it is kept firing.
const alert = z.strictObject({
  labels,
  annotations: labels,
  state: z.enum(["pending", "firing"]),
  activeAt: rfc3339,
  keepFiringSince: rfc3339.optional(),
  value: z.string(),
});
const alertsResponse = z.strictObject({
  status: z.literal("success"),
  data: z.strictObject({ alerts: z.array(alert) }),
});
const rulesResponse = z.object({
  status: z.literal("success"),
  data: z.object({
    groups: z.array(
      z.object({ name: z.string(), rules: z.array(z.object({ state: z.string(), alerts: z.array(alert) })) }),
    ),
  }),
});

const get = async (path: string) => {
  const res = await call(path);
  expect(res.status, path).toBe(200);
  return res.json();
};
async function alertOf(monitorId: string) {
  return ((await (await call(`/api/alerts?monitorId=${monitorId}&state=all`)).json()) as any).alerts[0];
}
const detailOf = async (id: string) => (await (await call(`/api/alerts/${id}`)).json()) as any;

describe("a nodata alert on the Prometheus API", () => {
  it("stays firing with keepFiringSince on /api/v1/alerts and /api/v1/rules", async () => {
    const metric = `nodata_api_${uid()}`;
    const name = `Nodata ${metric}`;
    const start = clock.now;
    await gauge(metric, { region: "us-east-1" }, start, 7);
    const m = await createMonitor({
      name,
      query: metric,
      annotations: { summary: "{{ $labels.region }} is at {{ $value }}" },
      labels: { team: "payments" },
      conditions: [{ severity: "critical", operator: ">", threshold: 1, sustain: "0s", resolveWindow: "1m" }],
    });
    expect(await check(m.id)).toBe(true);
    const firing = alertsResponse
      .parse(await get("/api/v1/alerts"))
      .data.alerts.filter((a) => a.labels.alertname === name);
    expect(firing).toHaveLength(1);
    expect(firing[0].keepFiringSince).toBeUndefined();

    // The data stops: the alert is nodata in Vigil, its page held.
    clock.set(start + GONE);
    expect(await check(m.id)).toBe(true);
    const stored = await alertOf(m.id);
    expect(stored).toMatchObject({ state: "nodata", noDataSince: clock.now });

    const listed = alertsResponse
      .parse(await get("/api/v1/alerts"))
      .data.alerts.filter((a) => a.labels.alertname === name);
    expect(listed).toEqual([
      {
        labels: expect.objectContaining({
          alertname: name,
          region: "us-east-1",
          severity: "critical",
          team: "payments",
        }),
        annotations: { summary: "us-east-1 is at 7" },
        state: "firing",
        activeAt: new Date(start).toISOString(),
        keepFiringSince: new Date(clock.now).toISOString(),
        value: "7e+00",
      },
    ]);
    expect(listed[0].labels).toEqual(firing[0].labels);

    const group = rulesResponse.parse(await get("/api/v1/rules")).data.groups.find((g) => g.name === name);
    expect(group?.rules[0].state).toBe("firing");
    expect(group?.rules[0].alerts).toEqual(listed);
  });
});

describe("inhibition while an alert is nodata", () => {
  it("a nodata source keeps holding its target; a nodata target stays held and names its inhibitor", async () => {
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
      name: `Checkout down explains payments ${tag}`,
      sourceMatchers: [{ name: "service", op: "=", value: "checkout" }],
      targetMatchers: [{ name: "service", op: "=~", value: "payment-.*" }],
      equal: ["team"],
    });
    expect(res.status).toBe(201);
    const rule = (await res.json()) as any;
    const write = (svc: string, v: number) => gauge(`errs_${tag}`, { service: svc }, clock.now, v);

    await write("checkout", 5);
    await write("payment-gateway", 5);
    await check(checkout.id);
    await check(payments.id);
    const src = await alertOf(checkout.id);
    const held = await alertOf(payments.id);
    expect(held).toMatchObject({ state: "firing", inhibitedBy: [src.id] });
    expect(pages()).toHaveLength(1); // checkout's page only

    // Checkout's data stops (nodata, page open); payments still breaches: it stays held, no page.
    clock.set(clock.now + GONE);
    await write("payment-gateway", 5);
    await check(checkout.id);
    expect(await alertOf(checkout.id)).toMatchObject({ id: src.id, state: "nodata" });
    await check(payments.id);
    expect(await alertOf(payments.id)).toMatchObject({ id: held.id, state: "firing", inhibitedBy: [src.id] });
    expect(pages()).toHaveLength(1);
    expect((await detailOf(held.id)).inhibitors).toEqual([
      { id: src.id, monitorName: `checkout errors ${tag}`, state: "nodata", labels: src.labels },
    ]);
    const listed = ((await get("/api/inhibit-rules")) as any).rules.find((r: any) => r.id === rule.id);
    expect(listed.holding).toEqual([
      { id: held.id, monitorName: `payment-gateway errors ${tag}`, inhibitedBy: [src.id] },
    ]);

    // Now checkout breaches again and payments' data stops: the held alert is nodata, still held, and says by what.
    clock.set(clock.now + GONE);
    await write("checkout", 5);
    await check(checkout.id);
    expect(await alertOf(checkout.id)).toMatchObject({ id: src.id, state: "firing" });
    await check(payments.id);
    expect(await alertOf(payments.id)).toMatchObject({ id: held.id, state: "nodata", inhibitedBy: [src.id] });
    expect(pages()).toHaveLength(1);
    expect((await detailOf(held.id)).inhibitors).toEqual([
      { id: src.id, monitorName: `checkout errors ${tag}`, state: "firing", labels: src.labels },
    ]);
  });
});
