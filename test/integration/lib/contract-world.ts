// The objects the contract test creates through the real API (a monitor that fires, an incident, a dashboard, a
// notebook, the checkout incident's metrics, spans and logs, a silence ...) and the request bodies its callers send.
// One world per test file: its clock is a private stretch of time, its names carry a random suffix.
import { expect } from "vitest";
import { MIN } from "../../fixtures/ddx/checkout";
import { call, json } from "../helpers";
import { remoteWriteBody } from "../../../core/remote-write/encode";
import { remoteWrite } from "../ingest-helpers";
import { logsJson } from "../traces-fixtures";
import { writeCheckoutMetrics, writeCheckoutSpans } from "./ddx-scenario";
import { check, Clock, createMonitor, gauge, privateBase } from "./monitor-fixture";

export type ContractWorld = ReturnType<typeof makeContractWorld>;
/** How to call one route; the answer is parsed against the route's declared response. */
export type Callers = Record<string, () => Promise<Response>>;

export function makeContractWorld() {
  const clock = new Clock(privateBase(211));
  const uid = Math.random().toString(36).slice(2, 8);
  const ids = {
    monitor: "",
    alert: "",
    incident: "",
    change: "",
    team: "",
    slo: "",
    dashboard: "",
    snapshot: "",
    notebook: "",
    cell: "",
    secret: "",
    silence: "",
  };

  async function setUp(): Promise<void> {
    const metric = `contract_${uid}`;
    // No service label: the alert stays out of any incident until the attach route puts it in one.
    const m = await createMonitor({ name: `Contract ${uid}`, query: metric });
    ids.monitor = m.id;
    await gauge(metric, {}, clock.now, 5);
    await check(m.id);
    const alerts = (await (await call(`/api/alerts?monitorId=${m.id}&state=all`)).json()) as any;
    ids.alert = alerts.alerts[0].id;
    const inc = await json("/api/incidents", { title: `Contract ${uid}` });
    expect(inc.status).toBe(201);
    ids.incident = ((await inc.clone().json()) as any).incident.id;
    const ch = await json("/api/change-events", {
      title: `deploy ${uid}`,
      source: "ci",
      category: "deploys",
      type: "deploy",
      labels: { service: `svc-${uid}` },
    });
    expect(ch.status).toBe(201);
    ids.change = ((await ch.json()) as any).id;
    const team = await json("/api/teams", { name: `Contract team ${uid}` });
    expect(team.status).toBe(201);
    ids.team = ((await team.json()) as any).id;
    const slo = await json("/api/slos", sloBody(`Contract availability ${uid}`));
    expect(slo.status, await slo.clone().text()).toBe(201);
    ids.slo = ((await slo.json()) as any).id;
    expect((await json(`/api/monitors/${m.id}/comments`, { body: "watching" })).status).toBe(201);
    expect((await json(`/api/alerts/${ids.alert}/comments`, { body: "on it" })).status).toBe(201);
    const dash = await json("/api/dashboards", { model: dashboardModel(`Contract board ${uid}`) });
    expect(dash.status, await dash.clone().text()).toBe(201);
    ids.dashboard = ((await dash.json()) as any).id;
    const edited = { ...dashboardModel(`Contract board ${uid}`), tags: ["edited"] };
    expect(
      (await json(`/api/dashboards/${ids.dashboard}`, { model: edited, version: 1 }, { method: "PUT" })).status,
    ).toBe(200);
    const snap = await json(`/api/dashboards/${ids.dashboard}/panels/p1/snapshot`, {
      from: clock.now - 3_600_000,
      to: clock.now,
      data: { series: [] },
    });
    expect(snap.status, await snap.clone().text()).toBe(201);
    ids.snapshot = ((await snap.json()) as any).id;
    const nb = await json("/api/notebooks", { title: `Contract notes ${uid}`, cells: notebookCells });
    expect(nb.status, await nb.clone().text()).toBe(201);
    const nbBody = (await nb.json()) as any;
    ids.notebook = nbBody.id;
    ids.cell = nbBody.cells[0].id;
    const share = await call(`/api/notebooks/${ids.notebook}/share`, { method: "POST" });
    expect(share.status).toBe(201);
    ids.secret = ((await share.json()) as any).secret;
    // The checkout incident (a bad deploy at t0), for DDx answers with ranked rows and a linked change.
    await writeCheckoutMetrics(t0, t0 - 40 * MIN, clock.now, 30_000);
    await writeCheckoutSpans(t0, t0 - 70 * MIN, clock.now, 0.005);
    const deploy = await json("/api/change-events", {
      title: "Deploy: checkout-service v3.41.0",
      source: "ArgoCD",
      category: "deploys",
      happenedAt: t0,
      labels: { service: "checkout-service", region: "us-east-1" },
    });
    expect(deploy.status).toBe(201);
    const logs = await json(
      "/v1/logs",
      logsJson(
        [0, 1, 2].map((i) => ({
          timeMs: clock.now - (i + 1) * 60_000,
          service: "checkout-service",
          severityNumber: i ? 9 : 17,
          severityText: i ? "INFO" : "ERROR",
          body: `contract log ${i} ${uid}`,
          traceId: i ? undefined : "0af7651916cd43dd8448eb211c80319c",
          spanId: i ? undefined : "b7ad6b7169203331",
          attributes: { "http.route": "/checkout" },
        })),
      ),
    );
    expect(logs.status, await logs.clone().text()).toBe(200);
    // A series with exemplars and metadata, so the Prometheus answers for them are not empty lists.
    const latency = {
      labels: { __name__: `contract_${uid}_latency_seconds`, job: "checkout" },
      samples: [{ t: clock.now - 30_000, v: 0.2 }],
      exemplars: [{ labels: { trace_id: "0af7651916cd43dd8448eb211c80319c" }, v: 0.25, t: clock.now - 40_000 }],
    };
    const metadata = [
      { metric: latency.labels.__name__, type: "gauge" as const, help: "Checkout latency", unit: "seconds" },
    ];
    const written = await remoteWrite([], { body: remoteWriteBody([latency], metadata) });
    expect(written.status, await written.clone().text()).toBe(204);
    const silence = await json("/api/v2/silences", amSilence(`contract silence ${uid}`));
    expect(silence.status, await silence.clone().text()).toBe(200);
    ids.silence = ((await silence.json()) as any).silenceID;
  }

  const inhibitBody = (name: string) => ({
    name,
    sourceMatchers: [{ name: "severity", op: "=", value: "critical" }],
    targetMatchers: [{ name: "severity", op: "=", value: "warning" }],
    equal: ["service"],
  });
  const newInhibit = async (name: string) =>
    ((await (await json("/api/inhibit-rules", inhibitBody(name))).json()) as any).id;
  const pushDevice = (deviceName: string) => ({
    endpoint: `https://push.example.test/send/${uid}-${deviceName.length}`,
    keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) },
    deviceName,
  });
  const muteBody = (comment: string) => ({
    matchers: [{ name: "monitor", op: "=", value: `contract-${uid}` }],
    duration: "1h",
    comment,
    timeIntervals: [{ weekdays: ["sunday:saturday"] }],
  });
  const newMute = async (comment: string) =>
    ((await (await json("/api/muting-rules", muteBody(comment))).json()) as any).id;
  const amSilence = (comment: string) => ({
    matchers: [{ name: "monitor", value: `contract-${uid}`, isRegex: false, isEqual: true }],
    startsAt: new Date(clock.now - 60_000).toISOString(),
    endsAt: new Date(clock.now + 3_600_000).toISOString(),
    createdBy: "alice",
    comment,
  });

  const t0 = clock.now - 25 * MIN;
  const ddxWindow = { start: t0 + 5 * MIN, end: t0 + 20 * MIN };

  /** One cell of most kinds, so the loose cell schema meets each. */
  const notebookCells = [
    { type: "markdown", source: "# Findings", title: "Notes" },
    { type: "query_chart", query: `rate(contract_${uid}[5m])`, timeOverride: { from: "now-6h", to: "now" } },
    { type: "snapshot_chart", query: `contract_${uid}`, data: { series: [] } },
    { type: "ddx", kind: "metric", result: { ranked: [] } },
    { type: "log_line", timestamp: 1_700_000_000_000, body: "timeout", service: "checkout" },
    { type: "trace_link", traceId: "0af7651916cd43dd8448eb211c80319c", service: "checkout" },
  ];

  /** A dashboard with a chart, a markdown panel and a change-event overlay that matches the deploy above. */
  const dashboardModel = (title: string) => ({
    title,
    tags: ["contract"],
    panels: [
      {
        id: "p1",
        type: "timeseries",
        title: "Requests",
        queries: [{ expr: `contract_${uid}` }],
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
      },
      { id: "notes", type: "markdown", content: "**Runbook**", gridPos: { x: 12, y: 0, w: 12, h: 8 } },
    ],
    eventOverlay: {
      categories: ["deploys"],
      labels: { service: `svc-${uid}` },
      hoverFields: [{ label: "Source", field: "source" }],
    },
  });

  const sloBody = (name: string) => ({
    name,
    sli: {
      kind: "ratio",
      bad: `contract_${uid}_requests_total{status=~"5.."}`,
      total: `contract_${uid}_requests_total`,
    },
    objective: 0.995,
    window: "30d",
  });
  const monitorBody = (name: string) => ({
    name,
    query: `contract_${uid}`,
    intervalSeconds: 60,
    conditions: [{ severity: "warning", operator: ">", threshold: 10, sustain: "5m" }],
  });

  /** A Prometheus HTTP API route answers GET (query string) and POST (form body) alike: one caller for each. */
  const promBoth = (path: string, params: () => Record<string, string> = () => ({})) => ({
    [`GET ${path}`]: () => {
      const q = new URLSearchParams(params()).toString();
      return call(q ? `${path}?${q}` : path);
    },
    [`POST ${path}`]: () =>
      call(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params()).toString(),
      }),
  });
  const secs = (ms: number) => String(ms / 1000);
  const lastHour = () => ({ start: secs(clock.now - 3_600_000), end: secs(clock.now) });
  const checkoutRate = 'sum by (status) (rate(checkout_http_requests_total{status=~"5.."}[5m]))';

  return {
    setUp,
    clock,
    uid,
    ids,
    inhibitBody,
    newInhibit,
    pushDevice,
    muteBody,
    newMute,
    amSilence,
    t0,
    ddxWindow,
    notebookCells,
    dashboardModel,
    sloBody,
    monitorBody,
    promBoth,
    secs,
    lastHour,
    checkoutRate,
  };
}
